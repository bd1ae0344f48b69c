// Defense in depth: the server already renders articles to this subset (and tests it), but the widget runs in a
// merchant's page, so it never trusts that alone. Case-sensitive on purpose: HTML elements parse with upper-case
// tag names, while foreign (SVG, MathML) elements keep lower case and are therefore never allowed.
const ALLOWED = /^(?:H2|H3|P|UL|OL|LI|A|STRONG|EM|CODE|PRE|BLOCKQUOTE|HR)$/;
// Elements whose text is not content: dropped with everything in them. Others outside the subset are unwrapped,
// keeping their (inert) text.
const DROPPED = /^(?:SCRIPT|STYLE|TEMPLATE|NOSCRIPT|IFRAME|OBJECT|TEXTAREA|TITLE|svg|math)$/;
const EXTERNAL = /^(?:https?:|mailto:)/i;
const ARTICLE = /^article:([a-z0-9-]+)$/;

function clean(parent: Node, pageUrl: (slug: string) => string): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 3) continue;
    if (node.nodeType !== 1) {
      node.remove();
      continue;
    }
    const el = node as Element;
    if (DROPPED.test(el.tagName)) {
      el.remove();
      continue;
    }
    clean(el, pageUrl);
    if (!ALLOWED.test(el.tagName)) {
      el.replaceWith(...Array.from(el.childNodes));
      continue;
    }
    const href = el.getAttribute('href')?.trim() ?? '';
    for (const name of el.getAttributeNames()) el.removeAttribute(name);
    if (el.tagName !== 'A') continue;
    const slug = ARTICLE.exec(href)?.[1];
    if (slug) {
      // Opens inside the widget (see ArticleView); the public page is what a new tab or a copied link gets.
      el.setAttribute('href', pageUrl(slug));
      el.setAttribute('data-article', slug);
    } else if (EXTERNAL.test(href)) {
      el.setAttribute('href', href);
      if (!/^mailto:/i.test(href)) {
        el.setAttribute('target', '_blank');
        el.setAttribute('rel', 'noopener noreferrer');
      }
    }
  }
}

/**
 * Parses an article's HTML in an inert `<template>` (nothing loads or runs there) and keeps only the safe subset:
 * h2/h3, p, ul/ol/li, a, strong/em, code/pre, blockquote, hr, with no attributes but a link's checked `href`.
 *
 * @example
 * body.replaceChildren(sanitizeArticle(doc, article.html, center.pageUrl));
 */
export function sanitizeArticle(
  doc: Document,
  html: string,
  pageUrl: (slug: string) => string,
): DocumentFragment {
  const template = doc.createElement('template');
  template.innerHTML = html;
  clean(template.content, pageUrl);
  return template.content;
}
