/**
 * Whether `origin` matches one of a merchant's allowed patterns. A pattern is an exact origin
 * (`https://shop.example`), a port wildcard (`http://localhost:*`) or a subdomain wildcard
 * (`https://*.shop.example`, which does not match the bare `https://shop.example`).
 *
 * @example isOriginAllowed('http://localhost:5173', ['http://localhost:*']) // true
 */
export function isOriginAllowed(origin: string, patterns: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  return patterns.some((pattern) => matches(url, pattern));
}

function matches(url: URL, pattern: string): boolean {
  const match = /^(https?):\/\/(\*\.)?([^:/*]+)(?::(\d+|\*))?$/.exec(pattern.trim());
  if (!match) return false;
  const [, scheme, wildcardSubdomain, host, port] = match;
  if (url.protocol !== `${scheme}:`) return false;
  const hostname = url.hostname.toLowerCase();
  const expectedHost = host!.toLowerCase();
  if (wildcardSubdomain ? !hostname.endsWith(`.${expectedHost}`) : hostname !== expectedHost) return false;
  if (port === '*') return true;
  const defaultPort = scheme === 'https' ? '443' : '80';
  return (url.port || defaultPort) === (port ?? defaultPort);
}

/** Whether a pattern is well-formed, for validating operator input. */
export function isValidOriginPattern(pattern: string): boolean {
  return /^(https?):\/\/(\*\.)?([^:/*\s]+)(?::(\d+|\*))?$/.test(pattern.trim());
}
