import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickEncoding } from '../src/http/compress.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './helpers.js';

/** A raw GET (fetch would decode the body and hide what travelled). */
function get(url: string, acceptEncoding?: string) {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(
        url,
        { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('JSON answers are compressed for clients that accept it', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('sends the help lists gzip-compressed to a gzip client, the same JSON, and plain to others', async () => {
    const url = `${t.url}/v1/help/home?merchantKey=pk_demo&locale=en`;
    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    expect(plain.body.length).toBeGreaterThan(1024);
    const zipped = await get(url, 'gzip, deflate');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(
      JSON.parse(plain.body.toString('utf8')),
    );
    expect((await get(url, 'gzip, deflate, br')).headers['content-encoding']).toBe('br');
    expect((await get(url, 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
  });

  it('compresses the widget settings too, and leaves tiny answers alone', async () => {
    const config = await get(`${t.url}/v1/widget/config?merchantKey=pk_demo`, 'gzip');
    expect(config.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(config.body).toString('utf8')).merchant.name).toBeTruthy();
    const health = await get(`${t.url}/healthz`, 'gzip');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toEqual({ status: 'ok' });
  });

  it('leaves answers to actions (POST) as they were', async () => {
    const login = await fetch(`${t.url}/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ email: 'agent@demo.test', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('content-encoding')).toBeNull();
    expect(Number(login.headers.get('content-length'))).toBeGreaterThan(256);
  });

  it('leaves the agent API as it was, however large the answer', async () => {
    const login = await fetch(`${t.url}/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@demo.test', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const articles = await new Promise<{ headers: Record<string, unknown>; length: number }>(
      (resolve, reject) => {
        const req = request(
          `${t.url}/v1/agent/articles`,
          { headers: { 'accept-encoding': 'gzip, br', authorization: `Bearer ${token}` } },
          (res) => {
            let length = 0;
            res.on('data', (chunk: Buffer) => {
              length += chunk.length;
            });
            res.on('end', () => resolve({ headers: res.headers, length }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(articles.length).toBeGreaterThan(1024);
    expect(articles.headers['content-encoding']).toBeUndefined();
  });

  it('reads Accept-Encoding with its weights', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding('gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0')).toBeUndefined();
    expect(pickEncoding('GZIP, BR')).toBe('br');
  });
});
