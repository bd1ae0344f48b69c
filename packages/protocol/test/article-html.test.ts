// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { articleLink, cleanArticle } from '../src/index.js';
import { ARTICLE_HTML_CASES, ARTICLE_LINK_CASES, articlePage } from './article-html-cases.js';

describe('articleLink', () => {
  test.each(ARTICLE_LINK_CASES)('$href', ({ href, link }) => {
    expect(articleLink(href)).toEqual(link);
  });
});

describe('cleanArticle', () => {
  const clean = (html: string) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    cleanArticle(template.content, { articleHref: articlePage });
    const box = document.createElement('div');
    box.append(template.content);
    return box.innerHTML;
  };

  test.each(ARTICLE_HTML_CASES)('$name', ({ html, clean: expected }) => {
    expect(clean(html)).toBe(expected);
    // Sanitising what is left changes nothing (but an article link, which now points at a page).
    if (!expected.includes('data-article')) expect(clean(expected)).toBe(expected);
  });

  test.each(ARTICLE_LINK_CASES)('a link to $href', ({ href, link }) => {
    const out = clean(`<a href="${href.replaceAll('"', '&quot;')}">x</a>`);
    if (!link) expect(out).toBe('<a>x</a>');
    else if ('article' in link) expect(out).toContain(`href="${articlePage(link.article)}"`);
    else expect(out).toContain(`href="${link.href}"`);
  });

  test('without a page for articles, an article link keeps its article: href', () => {
    const template = document.createElement('template');
    template.innerHTML = '<a href="article:refunds">r</a>';
    cleanArticle(template.content);
    expect((template.content.firstChild as Element).outerHTML).toBe(
      '<a href="article:refunds" data-article="refunds">r</a>',
    );
  });
});
