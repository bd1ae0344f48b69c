/** A piece of message text: plain, or an http(s) link. */
export type TextPart = { text: string; href?: string };

// Only http(s) URLs written out in full become links; `javascript:`, `data:` and everything else stays text.
// Stops at whitespace, angle brackets, quotes and full-width punctuation, which Chinese text puts right after URLs.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`，。！？、；：（）【】《》「」]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits message text into text and link parts. Views render each part as a text node or an `<a>` built by
 * Preact, never as HTML, so markup in a message can only ever show as characters.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const raw = match[0].replace(TRAILING, '');
    let href: string | undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') href = url.href;
    } catch {
      href = undefined;
    }
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
