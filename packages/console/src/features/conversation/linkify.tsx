import type { ComponentChildren } from 'preact';

// Candidates start at http(s)://; anything else (javascript:, data:, bare domains) stays plain text.
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi;
// Punctuation that usually ends the sentence rather than the URL, in English and Chinese.
const TRAILING = /[.,;:!?)\]}'"。，；：！？）】」』]+$/u;

/** An absolute http(s) URL, or undefined for anything the browser would treat differently. */
export function safeHttpUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits untrusted text into text nodes and links. Preact renders strings as text, never as markup,
 * so `<img onerror>` in a message stays visible characters; only http(s) URLs become anchors.
 */
export function linkify(text: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let index = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, '');
    const href = safeHttpUrl(raw);
    const start = match.index ?? 0;
    if (!href || raw === '') continue;
    if (start > index) parts.push(text.slice(index, start));
    parts.push(
      // noreferrer: the visitor's link must not learn the console's URL; noopener: nor get `window.opener`.
      <a key={start} href={href} target="_blank" rel="noopener noreferrer nofollow">
        {raw}
      </a>,
    );
    index = start + raw.length;
  }
  if (index < text.length) parts.push(text.slice(index));
  return parts;
}
