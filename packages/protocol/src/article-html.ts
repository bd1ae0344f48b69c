/**
 * The article subset (docs/sdk.md, help articles): what the server's Markdown renders and what the widget and
 * the console keep when they sanitise it again. The server checks links with `articleLink`; the browsers walk
 * their own DOM with `cleanArticle`. Its cases are `packages/protocol/test/article-html-cases.ts`.
 */

/** The elements an article may hold, by local name; anything else is unwrapped (its text kept) or dropped. */
export const ARTICLE_TAGS: readonly string[] = [
  'h2',
  'h3',
  'p',
  'ul',
  'ol',
  'li',
  'a',
  'strong',
  'em',
  'code',
  'pre',
  'blockquote',
  'hr',
];

/** Removed with everything inside: their content is code, styles, a document of its own or a form, never text. */
export const ARTICLE_DROPPED_TAGS: readonly string[] = [
  'script',
  'style',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'noscript',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'textarea',
  'select',
  'title',
  'head',
  'link',
  'meta',
  'base',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'form',
  'input',
  'button',
];

/** Where an article link may go: another article, or an external page (in a new tab) or address. */
export type ArticleLink = { article: string } | { href: string; newTab: boolean };

const ARTICLE = /^article:([a-z0-9-]+)$/;
const EXTERNAL = /^(?:https?:\/\/|mailto:)/i;

/**
 * The link rule: `article:slug`, `http(s)://…` (opens in a new tab) and `mailto:`; anything else
 * (`javascript:`, `data:`, relative paths) is no link at all.
 */
export function articleLink(href: string): ArticleLink | undefined {
  const trimmed = href.trim();
  const slug = ARTICLE.exec(trimmed)?.[1];
  if (slug) return { article: slug };
  if (!EXTERNAL.test(trimmed)) return undefined;
  return { href: trimmed, newTab: !/^mailto:/i.test(trimmed) };
}

/** What a new tab opened from an article gets: no `window.opener`, no referrer. */
export const ARTICLE_LINK_REL = 'noopener noreferrer';

// The DOM as far as the sanitiser needs it, so protocol needs no DOM library: the widget and the console pass
// their own (a `<template>`'s content, parsed inert).
interface ArticleNode {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<ArticleNode>;
  remove(): void;
}
interface ArticleElement extends ArticleNode {
  readonly localName: string;
  readonly namespaceURI: string | null;
  getAttribute(name: string): string | null;
  getAttributeNames(): string[];
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  replaceWith(...nodes: ArticleNode[]): void;
}

export interface CleanArticleOptions {
  /** Where an `article:slug` link points in this place (the widget: the public page). Default: unchanged. */
  articleHref?: (slug: string) => string;
}

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/**
 * Reduces parsed article HTML to the subset, in place: comments go, foreign (SVG, MathML) and dropped elements go
 * with their content, unknown ones are unwrapped, and no attribute survives but a link's checked `href`, with
 * `data-article` on links to another article and `target`/`rel` on external pages. Parse in an inert
 * `<template>` (nothing loads or runs there) and insert the result as nodes, never as HTML again.
 *
 * @example
 * const template = document.createElement('template');
 * template.innerHTML = article.html;
 * cleanArticle(template.content, { articleHref: center.pageUrl });
 * body.replaceChildren(template.content);
 */
export function cleanArticle(
  parent: { readonly childNodes: ArrayLike<ArticleNode> },
  options: CleanArticleOptions = {},
): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 3) continue;
    if (node.nodeType !== 1) {
      // Comments and processing instructions: nothing a reader needs, and a classic mXSS vehicle.
      node.remove();
      continue;
    }
    const element = node as ArticleElement;
    const tag = element.localName;
    // An `<a>` inside SVG or MathML is not an HTML link: foreign content goes entirely.
    if (element.namespaceURI !== HTML_NAMESPACE || ARTICLE_DROPPED_TAGS.includes(tag)) {
      element.remove();
      continue;
    }
    cleanArticle(element, options);
    if (!ARTICLE_TAGS.includes(tag)) {
      element.replaceWith(...Array.from(element.childNodes));
      continue;
    }
    const link = tag === 'a' ? articleLink(element.getAttribute('href') ?? '') : undefined;
    for (const name of element.getAttributeNames()) element.removeAttribute(name);
    if (!link) continue;
    if ('article' in link) {
      element.setAttribute('href', options.articleHref?.(link.article) ?? `article:${link.article}`);
      element.setAttribute('data-article', link.article);
    } else {
      element.setAttribute('href', link.href);
      if (link.newTab) {
        element.setAttribute('target', '_blank');
        element.setAttribute('rel', ARTICLE_LINK_REL);
      }
    }
  }
}
