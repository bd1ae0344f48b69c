import { type CleanArticleOptions, cleanArticle } from '@topay-support/protocol';

/**
 * Reduces article HTML to the subset the server renders (the rule: `cleanArticle` in packages/protocol). The
 * server sends exactly that already; this is defence in depth. Parsed in an inert `<template>` (no script runs,
 * no image loads) and returned as nodes, so the result is never parsed as HTML a second time. `article:slug`
 * links keep that href (they lead nowhere in the console) unless `options` says where articles live.
 *
 * @example
 * container.replaceChildren(sanitizeArticleHtml(html));
 */
export function sanitizeArticleHtml(
  html: string,
  doc: Document = document,
  options: CleanArticleOptions = {},
): DocumentFragment {
  const template = doc.createElement('template');
  template.innerHTML = html;
  cleanArticle(template.content, options);
  return template.content;
}
