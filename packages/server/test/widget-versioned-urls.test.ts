// Versioned widget URLs (docs/script-tag.md): `/widget/loader.js` follows the latest release, and
// `/widget/v<major>/loader.js` pins the major the server's widget build has (its version.json says 1.4.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('versioned widget URLs', () => {
  it('serves the same loader at /widget/v1/ as at /widget/, revalidated as often', async () => {
    const latest = await fetch(`${t.url}/widget/loader.js`);
    const pinned = await fetch(`${t.url}/widget/v1/loader.js`);
    expect(pinned.status).toBe(200);
    expect(await pinned.text()).toBe(await latest.text());
    // The loader names the hashed app file, which changes with every release of the major: short-lived.
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=300');
    expect(pinned.headers.get('access-control-allow-origin')).toBe('*');
    expect(pinned.headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves the hashed app the pinned loader imports (relative to its URL), immutable', async () => {
    const app = await fetch(`${t.url}/widget/v1/app-Ab12Cd34.js`);
    expect(app.status).toBe(200);
    expect(app.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(app.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('has no other major, and says which version it serves', async () => {
    expect((await fetch(`${t.url}/widget/v2/loader.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/widget/v0/loader.js`)).status).toBe(404);
    expect(await (await fetch(`${t.url}/widget/version.json`)).json()).toEqual({ version: '1.4.2' });
  });
});
