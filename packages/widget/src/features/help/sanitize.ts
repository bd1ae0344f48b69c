import { cleanArticle } from '@topay-support/protocol';

/**
 * Defense in depth: the server already renders articles to the subset, but the widget runs in a merchant's page,
 * so it never trusts that alone. Parses the HTML in an inert `<template>` (nothing loads or runs there) and keeps
 * only the subset (the rule: `cleanArticle` in packages/protocol). A link to another article points at its public
 * page (what a new tab or a copied link gets) and carries `data-article`, which opens it inside the widget.
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
  cleanArticle(template.content, { articleHref: pageUrl });
  return template.content;
}
