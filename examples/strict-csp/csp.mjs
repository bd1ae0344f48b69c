// The strict Content-Security-Policy this example is served with, and the per-response nonce it needs.
// Shared with the browser suite (e2e/fixtures/server.mjs), which proves the widget trips none of it.
import { randomBytes } from 'node:crypto';

/** A fresh nonce for every response: a nonce that repeats is as good as `'unsafe-inline'`. */
export function newNonce() {
  return randomBytes(16).toString('base64');
}

/**
 * The policy: only scripts carrying this response's nonce run, and what they load (`'strict-dynamic'`): the
 * widget's loader, and the app and lazy chunks the loader imports. Styles only from the page's own origin: the
 * widget needs no `'unsafe-inline'`, because it styles its shadow root with constructable stylesheets.
 * `supportOrigin` is the topay-support server: its API (fetch), its socket (ws) and attachment images.
 */
export function cspHeader(nonce, supportOrigin) {
  const ws = supportOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    `connect-src ${supportOrigin} ${ws}`,
    `img-src ${supportOrigin} data:`,
    "font-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Fills the page template: `{{nonce}}` on every script tag, `{{supportOrigin}}` in the loader's URL. */
export function renderPage(template, nonce, supportOrigin) {
  return template.replaceAll('{{nonce}}', nonce).replaceAll('{{supportOrigin}}', supportOrigin);
}
