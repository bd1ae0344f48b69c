import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

/**
 * Sends `GET target` exactly as written, over a plain socket: fetch and every URL parser would resolve
 * `..` and never let a traversal reach the server. Resolves with the status and the raw body.
 */
function rawGet(url: string, target: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      // write, not end: a half-closed socket may be dropped before the answer is written.
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('close', () => {
      const response = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
      resolve({ status, body: response.slice(response.indexOf('\r\n\r\n') + 4) });
    });
  });
}

describe('health, readiness and static assets', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('serves widget files to any origin, hashed ones immutable, the loader briefly cached', async () => {
    const loader = await fetch(`${t.url}/widget/loader.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get('access-control-allow-origin')).toBe('*');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    expect(loader.headers.get('content-type')).toMatch(/javascript/);
    const app = await fetch(`${t.url}/widget/app-Ab12Cd34.js`);
    expect(app.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(app.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${t.url}/widget/missing.js`)).status).toBe(404);
    // Pre-compressed copies go to browsers that accept them; fetch decodes transparently.
    const compressed = await fetch(`${t.url}/widget/loader.js`, { headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(await compressed.text()).toBe('console.log("loader")');
  });

  it('never serves a file outside its folder, however the path climbs out', async () => {
    // The database sits two folders above the widget's, console's and demo page's files (see helpers.ts).
    const climbs = [
      '/widget/../../test.sqlite',
      '/widget/..%2f..%2ftest.sqlite',
      '/widget/%2e%2e/%2e%2e/test.sqlite',
      '/widget/%2e%2e%2f%2e%2e%2ftest.sqlite',
      '/widget/..%5c..%5ctest.sqlite',
      '/widget/%252e%252e/%252e%252e/test.sqlite',
      '/console/../../test.sqlite',
      '/console/%2e%2e/%2e%2e/test.sqlite',
      '/../../test.sqlite',
      '/%2e%2e/%2e%2e/test.sqlite',
    ];
    for (const target of climbs) {
      const { status, body } = await rawGet(t.url, target);
      expect({ target, refused: status >= 400 && status < 500 }).toEqual({ target, refused: true });
      expect(body).not.toContain('SQLite format 3');
    }
    // The same socket code does fetch what is there: the refusals above are the server's.
    const loader = await rawGet(t.url, '/widget/loader.js');
    expect(loader).toMatchObject({ status: 200, body: 'console.log("loader")' });
  });

  it('serves the console and, in the demo, the merchant page', async () => {
    const redirect = await fetch(`${t.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const console = await fetch(`${t.url}/console/`);
    expect(console.status).toBe(200);
    expect(await console.text()).toContain('<title>console</title>');
    expect(console.headers.get('x-frame-options')).toBe('DENY');
    const demo = await fetch(`${t.url}/`);
    expect(await demo.text()).toContain('<title>demo</title>');
  });

  it('reports not ready once the database is gone', async () => {
    const other = await startTestServer();
    await other.storage.close();
    const ready = await fetch(`${other.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'failing' } });
    await other.server.close();
  });
});

describe('production mode', () => {
  it('serves no demo page: / leads to the console', async () => {
    const t = await startTestServer({ mode: 'production' });
    try {
      const root = await fetch(`${t.url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/console/');
    } finally {
      await t.close();
    }
  });
});
