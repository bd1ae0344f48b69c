/**
 * Resolves an attachment URL from a message against the API's origin. The server hands out paths
 * (`/v1/attachments/…?expires=…&signature=…`); anything that is neither such a path nor http(s)
 * (`javascript:`, `data:`) is refused, so a bad record can never become a script link.
 *
 * @example
 * resolveAttachmentUrl('', '/v1/attachments/a1?expires=1&signature=s'); // same path
 * resolveAttachmentUrl('https://support.example', '/v1/attachments/a1?…'); // absolute
 */
export function resolveAttachmentUrl(baseUrl: string, url: string): string | undefined {
  // `//host/…` is a path only in appearance: it leaves the origin.
  if (url.startsWith('/') && !url.startsWith('//')) return `${baseUrl.replace(/\/+$/, '')}${url}`;
  try {
    const absolute = new URL(url);
    return absolute.protocol === 'https:' || absolute.protocol === 'http:' ? absolute.href : undefined;
  } catch {
    return undefined;
  }
}
