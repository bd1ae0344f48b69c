/** A piece of message text: plain, or a link to `href` showing `text` exactly as it was written. */
export interface TextPart {
  text: string;
  href?: string;
}

// A candidate starts at a written-out scheme; bare domains and every other scheme (`javascript:`, `data:`)
// stay text. It ends at whitespace, at `<`, `>`, quotes and backticks (never part of a URL we link), and at
// full-width punctuation, which Chinese text puts right after a URL with no space: CJK symbols and punctuation
// (U+3000–303F: 、。「」【】《》), full-width forms' punctuation (，！？；：（）), curly quotes and the ellipsis.
const CANDIDATE =
  /\b(?:https?:\/\/|mailto:)[^\s<>"'`\u2018-\u201f\u2026\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+/gi;
// ASCII punctuation that ends the sentence rather than the URL ("see https://a.cn/x.").
const TRAILING = /[.,;:!?*~_]$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** An absolute http(s) URL as the browser will read it, or undefined for anything else. */
export function safeHttpUrl(candidate: string): string | undefined {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function linkHref(candidate: string): string | undefined {
  if (/^mailto:/i.test(candidate)) return /^mailto:[^@]+@[^@]+$/i.test(candidate) ? candidate : undefined;
  return safeHttpUrl(candidate);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** Drops what ends the sentence: trailing punctuation, and a closing bracket the URL never opened. */
function trimEnd(raw: string): string {
  let end = raw;
  for (;;) {
    const last = end.at(-1) ?? '';
    const opener = CLOSERS[last];
    if (TRAILING.test(last) || (opener !== undefined && count(end, last) > count(end, opener))) {
      end = end.slice(0, -1);
    } else {
      return end;
    }
  }
}

/**
 * Splits message text into plain parts and links: only http(s) and `mailto:` URLs written out in full.
 * Views render each part as a text node or an anchor they build (never as HTML), so markup in a message
 * only ever shows as characters. The widget and the console both use it; its cases are
 * `packages/protocol/test/linkify-cases.ts`.
 *
 * @example
 * linkify('见 https://a.cn/x，谢谢') // [{ text: '见 ' }, { text: 'https://a.cn/x', href: 'https://a.cn/x' }, { text: '，谢谢' }]
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const raw = trimEnd(match[0]);
    const href = linkHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** What every link in message text carries: a new tab with no handle on the page, no referrer, no SEO credit. */
export const LINK_REL = 'noopener noreferrer nofollow';
