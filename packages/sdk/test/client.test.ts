import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/helpers.js';
import { createSupportClient } from '../src/client/client.js';
import { SupportError } from '../src/client/errors.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('createSupportClient', () => {
  it('fetches the merchant config from a real server', async () => {
    const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url });
    const config = await client.config();
    expect(config.merchant.name).toBe('Topay 演示商店');
    expect(await client.config()).toBe(config);
  });

  it('rejects with SupportError carrying the server code and status', async () => {
    const client = createSupportClient({ merchantKey: 'pk_unknown', serverUrl: t.url });
    const error = await client.config().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupportError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, name: 'SupportError' });
  });

  it('reports an unreachable server as network_error', async () => {
    const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl: 'http://127.0.0.1:1' });
    const error = await client.config().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network_error' });
    expect(error).not.toHaveProperty('status');
  });

  it('does not cache a failure: the next call asks again', async () => {
    const client = createSupportClient({ merchantKey: 'pk_later', serverUrl: t.url });
    await expect(client.config()).rejects.toMatchObject({ code: 'unauthorized' });
    const demo = await t.storage.merchants.findByKey('pk_demo');
    await t.storage.merchants.create({ ...demo!, key: 'pk_later', name: 'Later' });
    await expect(client.config()).resolves.toMatchObject({ merchant: { name: 'Later' } });
  });

  it('validates its options', () => {
    expect(() => createSupportClient({ merchantKey: '', serverUrl: t.url })).toThrow(/merchantKey/);
    expect(() => createSupportClient({ merchantKey: 'pk_demo', serverUrl: 'nope' })).toThrow(/serverUrl/);
  });
});
