import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

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
    expect((await fetch(`${t.url}/widget/../test.sqlite`)).status).toBe(404);
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
