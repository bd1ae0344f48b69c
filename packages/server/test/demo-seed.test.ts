import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { DEMO_PAYMENTS } from '../src/demo/payments.js';
import { seedDemo } from '../src/demo/seed.js';
import { readArticleFolder } from '../src/features/help/article-files.js';
import { demoArticlesDir } from '../src/paths.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';

const SLUGS = [
  'register',
  'payment-failed',
  'forgot-password',
  'payment-methods',
  'account-locked',
  'bind-bank-card',
  'missing-confirmation',
  'update-profile',
  'account-security',
  'refunds',
  'currencies',
  'cross-border',
  'contact-support',
];

describe('demo seed (docs/demo-data.md)', () => {
  it('is idempotent and matches the contract', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-seed-'));
    const storage = openSqliteStorage(path.join(dataDir, 'db.sqlite'));
    await storage.migrate();
    const first = await seedDemo(storage, { dataDir, agentPassword: undefined });
    const second = await seedDemo(storage, { dataDir, agentPassword: undefined });

    expect(first.merchant.key).toBe('pk_demo');
    expect(first.merchant.secret).toBe('sk_demo_secret');
    expect(first.merchant.defaultLocale).toBe('zh-CN');
    expect(first.merchant.allowedOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(second.merchant.id).toBe(first.merchant.id);
    expect((await storage.merchants.list()).length).toBe(1);
    // The demo merchant's assistant answers first (docs/assistant.md), with the built-in answerer.
    expect(first.merchant.settings.assistant).toEqual({ mode: 'first', name: 'Topay 助手' });
    // A demo database from before the assistant gets it on the next start; a choice made since is kept.
    const { assistant: _assistant, ...older } = first.merchant.settings;
    await storage.merchants.update(first.merchant.id, { settings: older });
    expect(
      (await seedDemo(storage, { dataDir, agentPassword: undefined })).merchant.settings.assistant?.mode,
    ).toBe('first');
    await storage.merchants.update(first.merchant.id, {
      settings: { ...first.merchant.settings, assistant: { mode: 'off', name: 'Topay 助手' } },
    });
    expect(
      (await seedDemo(storage, { dataDir, agentPassword: undefined })).merchant.settings.assistant?.mode,
    ).toBe('off');
    expect(second.articles).toBe(first.articles);
    // Articles are written in zh-CN and en; zh-TW and ar visitors get the merchant's default locale's.
    expect(first.articles).toBe(SLUGS.length * 2);
    expect(second.payments).toBe(10);

    // The generated password is kept under DATA_DIR and printed again on every start.
    expect(second.agentPassword).toBe(first.agentPassword);
    expect(readFileSync(path.join(dataDir, 'demo-agent-password'), 'utf8').trim()).toBe(first.agentPassword);
    const agent = await storage.agents.findByEmail('agent@demo.test');
    expect(await verifyPassword(first.agentPassword, agent!.passwordHash)).toBe(true);

    // DEMO_AGENT_PASSWORD wins when set, even over an earlier generated one.
    await seedDemo(storage, { dataDir, agentPassword: 'chosen-password-1' });
    const updated = await storage.agents.findByEmail('agent@demo.test');
    expect(await verifyPassword('chosen-password-1', updated!.passwordHash)).toBe(true);
    await storage.close();
  });

  it('ships every contract slug in zh-CN and en', async () => {
    const articles = await readArticleFolder(demoArticlesDir);
    for (const locale of ['zh-CN', 'en'] as const) {
      const slugs = articles.filter((a) => a.locale === locale).map((a) => a.slug);
      expect(slugs.sort()).toEqual([...SLUGS].sort());
    }
  });

  it('has the ten contract payments, all owned by buyer@example.com / demo-user-1', () => {
    expect(DEMO_PAYMENTS.map((p) => p.reference).sort()).toEqual(
      [
        'demo-succeeded',
        'demo-pending',
        'demo-processing',
        'demo-failed',
        'demo-declined',
        'demo-expired',
        'demo-refunded',
        'demo-partially-refunded',
        'demo-disputed',
        'demo-cancelled',
      ].sort(),
    );
    expect(new Set(DEMO_PAYMENTS.map((p) => `${p.email}|${p.userId}`))).toEqual(
      new Set(['buyer@example.com|demo-user-1']),
    );
    const reason = (ref: string) => DEMO_PAYMENTS.find((p) => p.reference === ref)?.reason;
    expect(reason('demo-failed')).toBe('insufficient_funds');
    expect(reason('demo-declined')).toBe('card_declined');
    expect(reason('demo-expired')).toBe('expired_card');
    for (const payment of DEMO_PAYMENTS) expect(payment.cardLast4 ?? '').toMatch(/^(\d{4})?$/);
  });
});

describe('article files', () => {
  it('names the file and field when front matter is wrong', async () => {
    const { parseArticleFile } = await import('../src/features/help/article-files.js');
    expect(() => parseArticleFile('no front matter', 'a.md')).toThrow(/^a\.md: missing front matter/);
    expect(() =>
      parseArticleFile(
        '---\nslug: "Bad Slug"\nlocale: "en"\ntitle: "t"\ncategory: "account"\nupdatedAt: "2026-01-01T00:00:00Z"\n---\nbody',
        'b.md',
      ),
    ).toThrow(/^b\.md: slug:/);
    expect(() =>
      parseArticleFile(
        '---\nslug: "ok"\nlocale: "fr"\ntitle: "t"\ncategory: "account"\nupdatedAt: "2026-01-01T00:00:00Z"\n---\nbody',
        'c.md',
      ),
    ).toThrow(/^c\.md: locale:/);
  });
});
