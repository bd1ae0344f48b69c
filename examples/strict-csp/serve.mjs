// Serves this example with its strict CSP: `node examples/strict-csp/serve.mjs`, next to `pnpm start`.
//   SUPPORT_ORIGIN  the topay-support server (default http://127.0.0.1:8787, what `pnpm start` runs)
//   PORT            this page's port (default 8788); the demo merchant allows any http://127.0.0.1:* origin
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cspHeader, newNonce, renderPage } from './csp.mjs';

const supportOrigin = process.env.SUPPORT_ORIGIN ?? 'http://127.0.0.1:8787';
const port = Number(process.env.PORT ?? 8788);
const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/page.js': ['page.js', 'text/javascript; charset=utf-8'],
  '/page.css': ['page.css', 'text/css; charset=utf-8'],
};

createServer(async (request, response) => {
  const file = FILES[new URL(request.url ?? '/', 'http://x').pathname];
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  const body = await readFile(new URL(file[0], import.meta.url), 'utf8');
  const nonce = newNonce();
  response.writeHead(200, {
    'content-type': file[1],
    'content-security-policy': cspHeader(nonce, supportOrigin),
    'cache-control': 'no-store',
  });
  response.end(file[0] === 'index.html' ? renderPage(body, nonce, supportOrigin) : body);
}).listen(port, '127.0.0.1', () => console.log(`strict-CSP example on http://127.0.0.1:${port}/`));
