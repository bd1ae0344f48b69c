import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function search(q: string, locale?: string) {
  const params = new URLSearchParams({ merchantKey: 'pk_demo', q, ...(locale ? { locale } : {}) });
  const response = await fetch(`${t.url}/v1/help/search?${params}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    locale: string;
    results: Array<{
      id: string;
      slug: string;
      title: string;
      snippet: string;
      highlights: Array<[number, number]>;
      category: string;
    }>;
  };
}

describe('help search finds the right article first', () => {
  it.each([
    ['付款不成功怎么办', 'zh-CN', 'payment-failed'],
    ['支付失败', 'zh-CN', 'payment-failed'],
    ['忘记密码了怎么登录', 'zh-CN', 'forgot-password'],
    ['账号被锁定', 'zh-CN', 'account-locked'],
    ['退款多久到账', 'zh-CN', 'refunds'],
    ['付了钱没收到确认邮件', 'zh-CN', 'missing-confirmation'],
    ['怎么绑定银行卡', 'zh-CN', 'bind-bank-card'],
    ['支持哪些货币', 'zh-CN', 'currencies'],
    ['forgot my password', 'en', 'forgot-password'],
    ['my payment failed', 'en', 'payment-failed'],
    ['card declined', 'en', 'payment-failed'],
    ['where is my refund', 'en', 'refunds'],
    ['account locked', 'en', 'account-locked'],
    ['paswword reset', 'en', 'forgot-password'],
    ['refnud', 'en', 'refunds'],
    ['no confirmation email', 'en', 'missing-confirmation'],
    ['talk to a human', 'en', 'contact-support'],
  ])('%s (%s) → %s', async (q, locale, slug) => {
    const { results, locale: answered } = await search(q, locale);
    expect(answered).toBe(locale);
    expect(results[0]?.slug, JSON.stringify(results.map((r) => r.slug))).toBe(slug);
  });

  it('returns highlighted snippets as ranges into plain text', async () => {
    const { results } = await search('refund', 'en');
    const first = results[0]!;
    expect(first.snippet).not.toMatch(/[<>*#]/);
    expect(first.highlights.length).toBeGreaterThan(0);
    for (const [start, end] of first.highlights) {
      expect(first.snippet.slice(start, end).toLowerCase()).toMatch(/^refund/);
    }
  });

  it("falls back to the merchant's default locale", async () => {
    expect((await search('密码', 'fr')).locale).toBe('zh-CN');
    const fallback = await search('银行卡', 'en');
    expect(fallback.locale).toBe('zh-CN');
    expect(fallback.results.length).toBeGreaterThan(0);
  });

  it('answers empty queries and noise clearly', async () => {
    expect((await fetch(`${t.url}/v1/help/search?merchantKey=pk_demo&q=`)).status).toBe(400);
    expect((await search('怎么办', 'zh-CN')).results).toEqual([]);
    // Markup in a query is just words; nothing in the answer is markup.
    const hostile = await search('<script>alert(1)</script>', 'en');
    expect(JSON.stringify(hostile)).not.toContain('<script');
  });
});
