import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { articlePlainText, renderArticleHtml } from '../src/features/help/markdown.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';

describe('article Markdown renders inert', () => {
  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror=alert(1)>', /<img/i],
    ['[click](javascript:alert(1))', /href=/i],
    ['[click](JaVaScRiPt:alert(1))', /href=/i],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', /href=/i],
    ['[x](vbscript:msgbox(1))', /href=/i],
    ['<a href="https://ok.example" onclick="alert(1)">x</a>', /onclick="/i],
    ['![pic](https://example.com/x.png)', /<img/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
  ])('%s', (source, forbidden) => {
    const html = renderArticleHtml(source);
    expect(html).not.toMatch(forbidden);
  });

  it('keeps the safe subset: headings, lists, links, emphasis, code', () => {
    const html = renderArticleHtml(
      '## 步骤\n\n1. 打开 **设置**\n2. 点 *安全*\n\n- `code`\n\n[帮助](https://help.example) · [找回密码](article:forgot-password)',
    );
    expect(html).toContain('<h2>步骤</h2>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<strong>设置</strong>');
    expect(html).toContain('<em>安全</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain(
      '<a href="https://help.example" target="_blank" rel="noopener noreferrer">帮助</a>',
    );
    expect(html).toContain('<a href="article:forgot-password">找回密码</a>');
    expect(articlePlainText('## A **b** [c](https://x.example)')).toBe('A b c');
  });
});

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await loginDemoAgent(t.url);
});
afterAll(() => t.close());

const q = (params: Record<string, string>) => new URLSearchParams({ merchantKey: 'pk_demo', ...params });

describe('help API for visitors', () => {
  it('serves an article by slug or id, in the asked locale, with safe html', async () => {
    const zh = await fetch(`${t.url}/v1/help/articles/payment-failed?${q({ locale: 'zh-CN' })}`);
    expect(zh.status).toBe(200);
    const { article } = (await zh.json()) as { article: Record<string, string> };
    expect(article).toMatchObject({
      slug: 'payment-failed',
      locale: 'zh-CN',
      category: 'payments',
      title: expect.any(String),
    });
    expect(article.html).toContain('<h2>');
    const en = (await (await fetch(`${t.url}/v1/help/articles/${article.id}?${q({})}`)).json()) as {
      article: { locale: string };
    };
    expect(en.article.locale).toBe('zh-CN');
    const english = (await (
      await fetch(`${t.url}/v1/help/articles/payment-failed?${q({ locale: 'en' })}`)
    ).json()) as {
      article: { locale: string };
    };
    expect(english.article.locale).toBe('en');
    expect((await fetch(`${t.url}/v1/help/articles/no-such-article?${q({})}`)).status).toBe(404);
  });

  it('lists popular articles and categories for the home view', async () => {
    const home = (await (await fetch(`${t.url}/v1/help/home?${q({ locale: 'en' })}`)).json()) as {
      locale: string;
      popular: unknown[];
      categories: Array<{ category: string; articles: unknown[] }>;
    };
    expect(home.locale).toBe('en');
    expect(home.popular.length).toBeGreaterThan(0);
    expect(home.categories.map((c) => c.category).sort()).toEqual([
      'account',
      'payments',
      'refunds',
      'security',
      'support',
    ]);
  });

  it('records votes and deflections, which agents see per article', async () => {
    const { article } = (await (
      await fetch(`${t.url}/v1/help/articles/refunds?${q({ locale: 'en' })}`)
    ).json()) as {
      article: { id: string };
    };
    const send = (body: unknown) =>
      fetch(`${t.url}/v1/help/articles/${article.id}/feedback?${q({})}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await send({ kind: 'vote', helpful: true })).status).toBe(204);
    expect((await send({ kind: 'vote', helpful: false })).status).toBe(204);
    expect((await send({ kind: 'deflection' })).status).toBe(204);
    expect((await send({ kind: 'vote' })).status).toBe(400);
    const { article: seen } = (await (
      await fetch(`${t.url}/v1/agent/articles/${article.id}`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { article: { stats: Record<string, number> } };
    expect(seen.stats).toEqual({ views: 1, helpful: 1, notHelpful: 1, deflections: 1 });
  });
});

describe('articles for agents and admins', () => {
  const headers = () => ({ authorization: `Bearer ${admin}`, 'content-type': 'application/json' });
  const draft = {
    slug: 'wire-transfer',
    locale: 'en',
    title: 'Paying by wire transfer',
    category: 'payments',
    tags: ['bank transfer', 'wire'],
    markdown: '## How\n\nUse the reference on your invoice. <script>alert(1)</script>',
    published: false,
  };

  it('lets admins create, preview, edit and publish; drafts stay out of search until published', async () => {
    const preview = await fetch(`${t.url}/v1/agent/articles/preview`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ markdown: draft.markdown }),
    });
    expect(((await preview.json()) as { html: string }).html).not.toContain('<script');

    const created = await fetch(`${t.url}/v1/agent/articles`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify(draft),
    });
    expect(created.status).toBe(201);
    const { article } = (await created.json()) as { article: { id: string; published: boolean } };
    expect(article.published).toBe(false);
    const duplicate = await fetch(`${t.url}/v1/agent/articles`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify(draft),
    });
    expect(duplicate.status).toBe(409);

    const before = await fetch(`${t.url}/v1/help/search?${q({ q: 'wire transfer', locale: 'en' })}`);
    expect(
      ((await before.json()) as { results: Array<{ slug: string }> }).results.map((r) => r.slug),
    ).not.toContain('wire-transfer');

    const published = await fetch(`${t.url}/v1/agent/articles/${article.id}`, {
      method: 'PUT',
      headers: headers(),
      body: JSON.stringify({ ...draft, published: true }),
    });
    expect(published.status).toBe(200);
    const after = await fetch(`${t.url}/v1/help/search?${q({ q: 'wire transfer', locale: 'en' })}`);
    expect(((await after.json()) as { results: Array<{ slug: string }> }).results[0]?.slug).toBe(
      'wire-transfer',
    );
  });

  it('keeps editing to admins, and lets agents search articles to link', async () => {
    const merchant = await t.storage.merchants.findByKey('pk_demo');
    await t.storage.agents.create({
      merchantId: merchant!.id,
      email: 'plain@demo.test',
      name: 'Plain',
      role: 'agent',
      passwordHash: await hashPassword('plain-password-1'),
    });
    const login = await fetch(`${t.url}/v1/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'plain@demo.test', password: 'plain-password-1' }),
    });
    const { token } = (await login.json()) as { token: string };
    const forbidden = await fetch(`${t.url}/v1/agent/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...draft, slug: 'other' }),
    });
    expect(forbidden.status).toBe(403);
    const found = await fetch(`${t.url}/v1/agent/articles?q=${encodeURIComponent('忘记密码')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { articles } = (await found.json()) as { articles: Array<{ slug: string; locale: string }> };
    expect(articles[0]).toMatchObject({ slug: 'forgot-password', locale: 'zh-CN' });
  });
});

describe('public article page', () => {
  it('serves a script-free page with escaped text, linked from agent search results', async () => {
    const found = await fetch(`${t.url}/v1/agent/articles?q=refund&locale=en`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const { articles } = (await found.json()) as { articles: Array<{ url: string; slug: string }> };
    expect(articles[0]?.url).toBe('/help/pk_demo/en/refunds');
    const page = await fetch(`${t.url}${articles[0]!.url}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<h1>');
    expect(html).not.toContain('<script');
    expect((await fetch(`${t.url}/help/pk_demo/en/nope`)).status).toBe(404);
  });
});
