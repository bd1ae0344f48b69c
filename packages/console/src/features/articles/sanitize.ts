/** The article subset the server renders (docs/sdk.md); everything else is taken out. */
const ALLOWED = new Set([
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
]);
/** Removed with everything inside: their content is code, styles or a document of its own, never text. */
const DROP_WITH_CONTENT = new Set([
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
]);
const SAFE_HREF = /^(https?:|mailto:|article:)/i;
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

function clean(parent: Node): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === 3) continue; // text
    if (node.nodeType !== 1) {
      // Comments and processing instructions: nothing a reader needs, and a classic mXSS vehicle.
      node.remove();
      continue;
    }
    const element = node as Element;
    const tag = element.localName;
    // An `<a>` inside SVG or MathML is not an HTML link; foreign content goes entirely.
    if (element.namespaceURI !== HTML_NAMESPACE || DROP_WITH_CONTENT.has(tag)) {
      element.remove();
      continue;
    }
    clean(element);
    if (!ALLOWED.has(tag)) {
      // Unknown but harmless wrappers (`<span>`, `<h4>`, `<div>`): keep their cleaned text.
      element.replaceWith(...Array.from(element.childNodes));
      continue;
    }
    for (const { name, value } of Array.from(element.attributes)) {
      const keep =
        tag === 'a' && (name === 'href' ? SAFE_HREF.test(value) : name === 'target' || name === 'rel');
      if (!keep) element.removeAttribute(name);
    }
    if (tag === 'a' && element.hasAttribute('target')) {
      // A new tab gets no handle on the console (`window.opener`), whatever `rel` the HTML said.
      if (element.getAttribute('target') === '_blank') element.setAttribute('rel', 'noopener noreferrer');
      else element.removeAttribute('target');
    }
  }
}

/**
 * Reduces article HTML to the safe subset: only h2/h3/p/ul/ol/li/a/strong/em/code/pre/blockquote/hr,
 * only `href`/`target`/`rel` on links, and only `http(s):`, `mailto:` and `article:` links. The server
 * sends exactly that already; this is defence in depth. Parsed in an inert `<template>` (no script
 * runs, no image loads) and returned as nodes, so the result is never parsed as HTML a second time.
 *
 * @example
 * container.replaceChildren(sanitizeArticleHtml(html));
 */
export function sanitizeArticleHtml(html: string, doc: Document = document): DocumentFragment {
  const template = doc.createElement('template');
  template.innerHTML = html;
  clean(template.content);
  return template.content;
}
