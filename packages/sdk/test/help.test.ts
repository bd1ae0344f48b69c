import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/helpers.js';
import { createSupportClient, type SupportClient } from '../src/client/client.js';
import { SupportError } from '../src/client/errors.js';

let t: TestServer;
let client: SupportClient;
beforeAll(async () => {
  t = await startTestServer();
  client = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url });
});
afterAll(() => t.close());

describe('client.help against a real server (demo seed)', () => {
  it('searches Chinese without spaces and English', async () => {
    const zh = await client.help.search('付款不成功怎么办', { locale: 'zh-CN' });
    expect(zh.locale).toBe('zh-CN');
    expect(zh.results[0]?.slug).toBe('payment-failed');
    const en = await client.help.search('forgot my password', { locale: 'en' });
    expect(en.locale).toBe('en');
    expect(en.results[0]).toMatchObject({ slug: 'forgot-password', category: 'account' });
    for (const { snippet, highlights } of [...zh.results, ...en.results]) {
      for (const [start, end] of highlights)
        expect(0 <= start && start < end && end <= snippet.length).toBe(true);
    }
  });

  it('a zh-TW reader gets Simplified-only articles converted to Traditional, and marked so', async () => {
    const article = await client.help.article('account-locked', { locale: 'zh-TW' });
    expect(article).toMatchObject({ slug: 'account-locked', locale: 'zh-TW', convertedFrom: 'zh-CN' });
    expect(article?.title).toBe('賬戶被鎖定怎麼辦？');
    expect(article?.html).toContain('鎖定');
    expect(article?.html).not.toContain('锁定');
    // A Simplified reader gets the article as written, unmarked.
    const original = await client.help.article('account-locked', { locale: 'zh-CN' });
    expect(original?.convertedFrom).toBeUndefined();
    expect(original?.title).toBe('账户被锁定怎么办？');
    const { locale, results } = await client.help.search('帳戶被凍結', { locale: 'zh-TW' });
    expect(locale).toBe('zh-TW');
    expect(results[0]).toMatchObject({ slug: 'account-locked', convertedFrom: 'zh-CN' });
  });

  it('limits results, and an empty query is the server’s invalid_request', async () => {
    const { results } = await client.help.search('payment', { locale: 'en', limit: 2 });
    expect(results.length).toBeLessThanOrEqual(2);
    await expect(client.help.search('  ')).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('an aborted search rejects with a SupportError', async () => {
    const abort = new AbortController();
    const pending = client.help.search('refund', { signal: abort.signal });
    abort.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupportError);
    expect(error).toMatchObject({ code: 'network_error' });
  });

  it('reads an article by slug in both locales, and by id; an unknown slug is null', async () => {
    const zh = await client.help.article('payment-failed', { locale: 'zh-CN' });
    const en = await client.help.article('payment-failed', { locale: 'en' });
    expect(zh).toMatchObject({ slug: 'payment-failed', locale: 'zh-CN', category: 'payments' });
    expect(en).toMatchObject({ slug: 'payment-failed', locale: 'en', category: 'payments' });
    expect(zh?.title).not.toBe(en?.title);
    expect(zh?.html).toContain('<h2>');
    expect(await client.help.article(en!.id)).toMatchObject({ id: en!.id, locale: 'en' });
    expect(await client.help.article('no-such-article')).toBeNull();
  });

  it('uses the client’s locale when a call names none', async () => {
    const english = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url, locale: 'en' });
    expect((await english.help.article('refunds'))?.locale).toBe('en');
    expect((await client.help.article('refunds'))?.locale).toBe('zh-CN');
  });

  it('lists popular articles and categories for the home view', async () => {
    const home = await client.help.home({ locale: 'en' });
    expect(home.locale).toBe('en');
    expect(home.popular.length).toBeGreaterThan(0);
    expect(home.categories.flatMap((c) => c.articles)).toHaveLength(13);
  });

  it('votes and deflections resolve (204), and an unknown article is not_found', async () => {
    const article = await client.help.article('forgot-password', { locale: 'en' });
    await expect(client.help.vote(article!.id, true)).resolves.toBeUndefined();
    await expect(client.help.vote(article!.id, false)).resolves.toBeUndefined();
    await expect(client.help.deflected(article!.id)).resolves.toBeUndefined();
    await expect(client.help.deflected('nope')).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('a closed client rejects help calls without asking the server', async () => {
    const closed = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url });
    closed.close();
    await expect(closed.help.home()).rejects.toBeInstanceOf(SupportError);
  });
});
