import { LINK_REL, linkify as split } from '@topay-support/protocol';
import type { ComponentChildren } from 'preact';

/**
 * Untrusted text as text nodes and links (the one rule: `linkify` in packages/protocol). Preact renders
 * strings as text, never as markup, so `<img onerror>` in a message stays visible characters.
 */
export function linkify(text: string): ComponentChildren[] {
  return split(text).map((part, i) =>
    part.href ? (
      // noreferrer: the visitor's link must not learn the console's URL; noopener: nor get `window.opener`.
      <a key={i} href={part.href} target="_blank" rel={LINK_REL}>
        {part.text}
      </a>
    ) : (
      part.text
    ),
  );
}
