import type { AgentArticle, HelpSearchResponse } from '@topay-support/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSimplified, toTraditional } from '../src/features/help/chinese-script.js';
import { SYNONYM_GROUPS } from '../src/features/help/synonyms.js';
import { normalizeText } from '../src/features/help/tokenize.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';

// Issue 13: search that meets customers as they write — either Chinese script, synonyms and
// colloquial words, merchants' keywords, and no answer rather than a wrong one.
let t: TestServer;
let token: string;
beforeAll(async () => {
  t = await startTestServer();
  token = await loginDemoAgent(t.url);
});
afterAll(() => t.close());

async function search(q: string, locale: string): Promise<HelpSearchResponse> {
  const params = new URLSearchParams({ merchantKey: 'pk_demo', q, locale });
  const response = await fetch(`${t.url}/v1/help/search?${params}`);
  expect(response.status).toBe(200);
  return (await response.json()) as HelpSearchResponse;
}

async function agent(method: string, path: string, body?: unknown) {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as { article: AgentArticle } };
}

describe('Traditional and Simplified Chinese meet', () => {
  it.each([
    ['帳號被鎖定了', 'account-locked'],
    ['怎麼綁定信用卡', 'bind-bank-card'],
    ['忘記密碼怎麼辦', 'forgot-password'],
    ['退款多久會到帳', 'refunds'],
  ])('a zh-TW query %s finds the Simplified article %s, converted for the reader', async (q, slug) => {
    const { locale, results } = await search(q, 'zh-TW');
    expect(results[0]?.slug, JSON.stringify(results.map((r) => r.slug))).toBe(slug);
    // The reader reads Traditional: the answer says so, and says it was converted from zh-CN.
    expect(locale).toBe('zh-TW');
    expect(results[0]?.convertedFrom).toBe('zh-CN');
    expect(results[0]?.title).toBe(toTraditional(results[0]!.title));
    expect(toSimplified(results[0]!.title)).not.toBe(results[0]!.title);
  });

  it('keeps highlight offsets right in the converted snippet', async () => {
    const { results } = await search('帳號被鎖定了', 'zh-TW');
    const { snippet, highlights } = results[0]!;
    expect(snippet).toBe(toTraditional(snippet));
    expect(highlights.length).toBeGreaterThan(0);
    const highlighted = highlights.map(([start, end]) => snippet.slice(start, end));
    // Each highlighted substring is matched terms as the reader sees them (adjacent ones merge):
    // converted back, the query's words or their synonyms, never a shifted slice of the text.
    expect(highlighted.join('|')).toMatch(/鎖定/);
    for (const text of highlighted) {
      expect(normalizeText(text)).toMatch(/^(账号|账户|锁定|锁|冻结|封号|被封|解锁)+$/);
    }
  });

  it('finds articles written in Traditional, with Taiwan wording, from Simplified queries', async () => {
    const created = await agent('POST', '/v1/agent/articles', {
      slug: 'app-crash',
      locale: 'zh-TW',
      title: '軟體閃退怎麼辦？',
      category: 'support',
      tags: [],
      markdown: '如果 App 軟體一直閃退，請先更新到最新版本，並確認網路連線正常。',
      published: true,
    });
    expect(created.status).toBe(201);
    // 软件/軟體 and 网络/網路 are different words in Mainland and Taiwan usage, not just characters.
    for (const q of ['软件闪退', '网络不好']) {
      const { locale, results } = await search(q, 'zh-TW');
      expect(locale).toBe('zh-TW');
      expect(results[0]?.slug, q).toBe('app-crash');
      expect(results[0]?.convertedFrom).toBeUndefined();
    }
  });
});

describe('synonyms and colloquial questions', () => {
  it.each([
    ['登录不上去说账号锁了', 'zh-CN', 'account-locked'],
    ['手机号换了怎么改', 'zh-CN', 'update-profile'],
    ['退货以后钱什么时候退回', 'zh-CN', 'refunds'],
    ['在香港可以付款吗', 'zh-CN', 'cross-border'],
    ['退钱要几天', 'zh-CN', 'refunds'],
    ['封号了怎么办', 'zh-CN', 'account-locked'],
    ['refund多久到账', 'zh-CN', 'refunds'],
    ['my card got declined', 'en', 'payment-failed'],
    ['account frozen', 'en', 'account-locked'],
    ['how long until I get my money back', 'en', 'refunds'],
  ])('%s (%s) → %s', async (q, locale, slug) => {
    const { results } = await search(q, locale);
    expect(results[0]?.slug, JSON.stringify(results.map((r) => r.slug))).toBe(slug);
  });

  it('keeps the list well formed: normalised members, one group per word', () => {
    const seen = new Map<string, number>();
    SYNONYM_GROUPS.forEach((group, index) => {
      expect(group.length).toBeGreaterThan(1);
      for (const member of group) {
        // Members are matched after normalisation; one written otherwise would never match.
        expect(normalizeText(member), member).toBe(member);
        expect(seen.get(member), `${member} is in two groups`).toBeUndefined();
        seen.set(member, index);
      }
    });
  });
});

describe('article keywords', () => {
  it('finds an article by keywords an admin adds, which the body does not say', async () => {
    expect((await search('zorblax', 'en')).results).toEqual([]);
    const list = (await (
      await fetch(`${t.url}/v1/agent/articles?locale=en`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { articles: AgentArticle[] };
    const refunds = list.articles.find((a) => a.slug === 'refunds')!;
    expect(refunds.keywords.length).toBeGreaterThan(0);
    const { id, url: _url, stats: _stats, updatedAt: _at, ...draft } = refunds;
    const saved = await agent('PUT', `/v1/agent/articles/${id}`, {
      ...draft,
      keywords: [...draft.keywords, 'zorblax'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.article.keywords).toContain('zorblax');
    expect((await search('zorblax', 'en')).results[0]?.slug).toBe('refunds');

    // An editor that does not send keywords keeps them.
    const { keywords: _keywords, ...withoutKeywords } = draft;
    const kept = await agent('PUT', `/v1/agent/articles/${id}`, { ...withoutKeywords, title: 'Refunds' });
    expect(kept.body.article.keywords).toContain('zorblax');
    // Keywords never reach visitors.
    const { results } = await search('zorblax', 'en');
    expect(JSON.stringify(results)).not.toContain('zorblax');
  });

  it('rejects malformed keywords clearly', async () => {
    const list = (await (
      await fetch(`${t.url}/v1/agent/articles?locale=en`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { articles: AgentArticle[] };
    const { id, url: _url, stats: _stats, updatedAt: _at, ...draft } = list.articles[0]!;
    const response = await agent('PUT', `/v1/agent/articles/${id}`, { ...draft, keywords: ['x'.repeat(61)] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
  });
});

describe('no good match', () => {
  it.each([
    ['今天天气怎么样', 'zh-CN'],
    ['贷款利率是多少', 'zh-CN'],
    ['房貸利率多少', 'zh-TW'],
    ["what's the weather like today", 'en'],
    ['mortgage interest rates', 'en'],
    ['tell me a joke', 'en'],
  ])('%s (%s) returns no results', async (q, locale) => {
    expect((await search(q, locale)).results).toEqual([]);
  });
});
