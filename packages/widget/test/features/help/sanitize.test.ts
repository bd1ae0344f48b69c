import { describe, expect, test } from 'vitest';
import { sanitizeArticle } from '../../../src/features/help/sanitize.js';

// The widget cleans an article's HTML again, whatever the server sent. The real server renders Markdown
// without raw HTML, so hostile markup can only reach this second line of defence in a test of it alone.
const HOSTILE =
  '<h2 onclick="alert(1)">Steps</h2><p style="color:red" class="x">Hello <span>kept text</span></p>' +
  '<img src=x onerror=alert(1)><script>alert(1)</script><iframe src="https://evil.example"></iframe>' +
  '<p><a href="javascript:alert(1)">bad</a> <a href="article:refunds">how refunds work</a> ' +
  '<a href="https://bank.example/help">your bank</a> <a href="mailto:help@shop.example">mail</a></p>';

describe('an article’s HTML', () => {
  test('keeps only the safe subset: a disallowed element or attribute is dropped, its text kept', () => {
    const body = document.createElement('div');
    body.append(sanitizeArticle(document, HOSTILE, (slug) => `https://support.test/help/pk_demo/en/${slug}`));
    expect(body.querySelectorAll('img, script, iframe, span, [style], [class], [onclick]')).toHaveLength(0);
    expect(body.querySelector('h2')?.textContent).toBe('Steps');
    expect(body.textContent).toContain('Hello kept text');
    const links = Array.from(body.querySelectorAll('a'), (a) => [
      a.textContent,
      a.getAttribute('href'),
      a.getAttribute('target'),
      a.getAttribute('rel'),
    ]);
    expect(links).toEqual([
      ['bad', null, null, null],
      ['how refunds work', 'https://support.test/help/pk_demo/en/refunds', null, null],
      ['your bank', 'https://bank.example/help', '_blank', 'noopener noreferrer'],
      ['mail', 'mailto:help@shop.example', null, null],
    ]);
  });
});
