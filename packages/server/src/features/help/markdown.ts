import { ARTICLE_LINK_REL, articleLink } from '@topay-support/protocol';
import MarkdownIt from 'markdown-it';

/**
 * Article Markdown renders to a small safe subset: headings, paragraphs, lists, links, emphasis,
 * code. Raw HTML is never passed through (it shows as text), and links follow the one link rule
 * (`articleLink` in packages/protocol, which the widget and the console sanitise by too): http(s), mailto
 * or another article (`article:slug`), so `javascript:` and `data:` URLs cannot exist in the output.
 */
const markdown = new MarkdownIt('zero', { html: false, linkify: false, typographer: false }).enable([
  'heading',
  'list',
  'emphasis',
  'link',
  'backticks',
  'fence',
  'code',
  'blockquote',
  'hr',
]);

markdown.validateLink = (url) => articleLink(url) !== undefined;

const defaultLinkOpen =
  markdown.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const link = articleLink(token.attrGet('href') ?? '');
  if (link && 'newTab' in link && link.newTab) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', ARTICLE_LINK_REL);
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderArticleHtml(source: string): string {
  return markdown.render(source);
}

/** The words of an article without markup, for search and snippets. */
export function articlePlainText(source: string): string {
  const parts: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
        if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
      }
      parts.push('\n');
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content, '\n');
    }
  }
  return parts
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
