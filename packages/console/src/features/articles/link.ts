/**
 * The absolute address of an article's public page. The server hands out paths
 * (`/help/<merchantKey>/<locale>/<slug>`) on its own origin: the console's when `baseUrl` is `''`
 * (production), the API's otherwise. Anything but such a path is refused, so a bad record can never
 * put a `javascript:` link into a reply.
 *
 * @example
 * absoluteArticleUrl('', '/help/pk_demo/en/refunds', 'https://support.example');
 * // 'https://support.example/help/pk_demo/en/refunds'
 */
export function absoluteArticleUrl(
  baseUrl: string,
  path: string,
  origin: string | undefined,
): string | undefined {
  // `//host/…` is a path only in appearance: it leaves the origin.
  if (!path.startsWith('/') || path.startsWith('//')) return undefined;
  const root = baseUrl.replace(/\/+$/, '') || origin;
  if (!root || root === 'null') return undefined;
  try {
    const url = new URL(path, root);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The line a reply carries for an article: `Title — https://…`. */
export function articleLinkText(title: string, url: string): string {
  return `${title} — ${url}`;
}

/**
 * `text` with `insertion` replacing the selection `[start, end)`, and where the caret goes after it.
 * A space separates it from a word right before or after, so the URL stays a URL when linkified.
 *
 * @example
 * insertAt('See', 3, 3, 'Refunds — https://x/r'); // { text: 'See Refunds — https://x/r', caret: 25 }
 */
export function insertAt(
  text: string,
  start: number,
  end: number,
  insertion: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const before = text.slice(0, from);
  const after = text.slice(to);
  const lead = before === '' || /\s$/.test(before) ? '' : ' ';
  const trail = after === '' || /^\s/.test(after) ? '' : ' ';
  const inserted = `${lead}${insertion}${trail}`;
  return { text: `${before}${inserted}${after}`, caret: before.length + inserted.length };
}
