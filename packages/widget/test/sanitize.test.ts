import { describe, expect, test } from 'vitest';
import {
  ARTICLE_HTML_CASES,
  ARTICLE_LINK_CASES,
  articlePage,
} from '../../protocol/test/article-html-cases.js';
import { sanitizeArticle } from '../src/features/help/sanitize.js';

function sanitized(html: string): HTMLElement {
  const box = document.createElement('div');
  box.append(sanitizeArticle(document, html, articlePage));
  return box;
}

// The same table as the protocol's and the console's (packages/protocol/test/article-html-cases.ts); the
// article view's test shows it in place, in the shadow root.
describe("the widget's article sanitiser", () => {
  test.each(ARTICLE_HTML_CASES)('$name', ({ html, clean }) => {
    expect(sanitized(html).innerHTML).toBe(clean);
  });

  test.each(ARTICLE_LINK_CASES)('a link to $href', ({ href, link }) => {
    const a = sanitized(`<a href="${href}">x</a>`).querySelector('a');
    expect(a?.getAttribute('href') ?? undefined).toBe(
      link === undefined ? undefined : 'article' in link ? articlePage(link.article) : link.href,
    );
    expect(a?.getAttribute('data-article') ?? undefined).toBe(
      link && 'article' in link ? link.article : undefined,
    );
    expect(a?.getAttribute('target') ?? undefined).toBe(
      link && 'href' in link && link.newTab ? '_blank' : undefined,
    );
  });
});
