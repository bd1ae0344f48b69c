import { describe, expect, it } from 'vitest';
import { ARTICLE_LINK_CASES } from '../../protocol/test/article-html-cases.js';
import { renderArticleHtml } from '../src/features/help/markdown.js';

// The same link table the widget and the console sanitise by (packages/protocol/test/article-html-cases.ts):
// what the server renders is what they keep, so an article never loses a link between the two.
describe('article links in Markdown', () => {
  it.each(ARTICLE_LINK_CASES)('$href', ({ href, link }) => {
    const html = renderArticleHtml(`[x](${href})`).trim();
    if (!link) expect(html).toBe(`<p>[x](${href.replaceAll('&', '&amp;')})</p>`);
    else if ('article' in link) expect(html).toBe(`<p><a href="article:${link.article}">x</a></p>`);
    else if (link.newTab)
      expect(html).toBe(`<p><a href="${link.href}" target="_blank" rel="noopener noreferrer">x</a></p>`);
    else expect(html).toBe(`<p><a href="${link.href}">x</a></p>`);
  });
});
