/**
 * A merchant's "continue the chat" page (docs/email.md): an absolute http(s) URL without
 * credentials or fragment (the link's token goes in the fragment), at most 2048 characters.
 * `undefined` for anything else.
 */
export function parseContinueUrl(value: string): string | undefined {
  const raw = value.trim();
  if (raw.length > 2048) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.username || url.password || url.hash) return undefined;
    return url.toString();
  } catch {
    return undefined;
  }
}
