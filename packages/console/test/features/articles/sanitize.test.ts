import type { CleanArticleOptions } from '@topay-support/protocol';
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_HTML_CASES,
  ARTICLE_LINK_CASES,
  articlePage,
} from '../../../../protocol/test/article-html-cases.js';
import { sanitizeArticleHtml } from '../../../src/features/articles/sanitize.js';

function sanitized(html: string, options: CleanArticleOptions = { articleHref: articlePage }): HTMLElement {
  const box = document.createElement('div');
  box.append(sanitizeArticleHtml(html, document, options));
  return box;
}

// The same table as the protocol's and the widget's (packages/protocol/test/article-html-cases.ts).
describe('preview sanitizer', () => {
  it.each(ARTICLE_HTML_CASES)('$name', ({ html, clean }) => {
    expect(sanitized(html).innerHTML).toBe(clean);
  });

  it.each(ARTICLE_LINK_CASES)('a link to $href', ({ href, link }) => {
    const a = sanitized(`<a href="${href}">x</a>`).querySelector('a');
    expect(a?.getAttribute('href') ?? undefined).toBe(
      link === undefined ? undefined : 'article' in link ? articlePage(link.article) : link.href,
    );
    expect(a?.getAttribute('target') ?? undefined).toBe(
      link && 'href' in link && link.newTab ? '_blank' : undefined,
    );
  });

  it('in the console, a link to another article keeps its article: href (the preview does not follow it)', () => {
    expect(sanitized('<a href="article:refunds">r</a>', {}).innerHTML).toBe(
      '<a href="article:refunds" data-article="refunds">r</a>',
    );
  });

  it('never runs what it parses', () => {
    const fired: string[] = [];
    (window as { fired?: (name: string) => void }).fired = (name) => fired.push(name);
    const box = sanitized('<img src=x onerror="fired(\'img\')"><script>fired("script")</script>');
    document.body.append(box);
    expect(box.innerHTML).toBe('');
    expect(fired).toEqual([]);
  });
});
