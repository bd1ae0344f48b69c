import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntry, PaymentView } from '@topay-support/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBotKey } from '../src/features/integrations/bot-keys.js';
import { generateWebhookSecret } from '../src/features/integrations/webhooks.js';
import type { MerchantRecord } from '../src/storage/merchants.js';
import { call, createAgent, createMerchant, login, totpCode } from './agent-accounts.js';
import { startTestServer, type TestServer } from './helpers.js';
import { CLI, runCli } from './processes.js';
import { type Receiver, startReceiver, verifySignature } from './webhook-receiver.js';

const FAST = { backoffMs: [50, 50, 50], jitter: 0, pollIntervalMs: 20, timeoutMs: 2_000 };

const PAYMENT: PaymentView = {
  reference: 'ord-audit-1',
  status: 'failed',
  reason: 'card_declined',
  amount: { minor: 1999, currency: 'CNY' },
  merchant: { name: 'Accounts Shop' },
  card: { brand: 'visa', last4: '4242' },
  createdAt: '2026-01-01T10:00:00.000Z',
  events: [{ type: 'failed', at: '2026-01-01T10:00:01.000Z' }],
};

let t: TestServer;
let receiver: Receiver;
let merchant: MerchantRecord;
let hookSecret: string;
let admin: Awaited<ReturnType<typeof createAgent>>;
let adminToken: string;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await startTestServer({ webhooks: FAST });
  merchant = await createMerchant(t.storage);
  hookSecret = generateWebhookSecret();
  await t.storage.webhooks.create({
    merchantId: merchant.id,
    url: receiver.url('/audit'),
    events: ['audit.created'],
    secret: hookSecret,
  });
  admin = await createAgent(t.storage, merchant, 'admin');
  adminToken = (await login(t.url, { email: admin.email, password: admin.password })).body.token;
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

async function entries(): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : '?limit=50';
    const page = await call<{ entries: AuditEntry[]; nextCursor: string | null }>(
      t.url,
      'GET',
      `/v1/agent/audit${query}`,
      { token: adminToken },
    );
    expect(page.status).toBe(200);
    all.push(...page.body.entries);
    cursor = page.body.nextCursor;
  } while (cursor);
  return all;
}

describe('the audit log', () => {
  it('records sign-ins, their failures and two-factor changes with who, when and from where', async () => {
    const { email, password, agent } = await createAgent(t.storage, merchant);
    expect((await login(t.url, { email, password: 'wrong-password-0' }, '127.0.0.7')).status).toBe(401);
    const token = (await login(t.url, { email, password }, '127.0.0.7')).body.token;
    const setup = await call<{ secret: string }>(t.url, 'POST', '/v1/agent/2fa/setup', { token });
    await call(t.url, 'POST', '/v1/agent/2fa/enable', {
      token,
      body: { totp: await totpCode(setup.body.secret) },
    });
    await call(t.url, 'POST', '/v1/agent/2fa/disable', {
      token,
      body: { password, totp: await totpCode(setup.body.secret, 1) },
    });

    const mine = (await entries()).filter((entry) => entry.target === email).reverse();
    expect(mine.map((entry) => entry.action)).toEqual([
      'agent.login_failed',
      'agent.login',
      'agent.2fa_enabled',
      'agent.2fa_disabled',
    ]);
    expect(mine[1]).toMatchObject({
      actor: { type: 'agent', id: agent.id, email },
      ip: '127.0.0.7',
      details: { method: 'password' },
    });
    expect(Date.parse(mine[1]!.at)).toBeGreaterThan(Date.now() - 60_000);
    // Neither the password nor the TOTP secret is ever written into the trail.
    const text = JSON.stringify(mine);
    expect(text).not.toContain(password);
    expect(text).not.toContain('wrong-password-0');
    expect(text).not.toContain(setup.body.secret);
  });

  it('records payment look-ups by agents and by bots, without card data', async () => {
    const visitor = await t.storage.visitors.create(merchant.id);
    const conversation = await t.storage.conversations.create({
      merchantId: merchant.id,
      visitorId: visitor.id,
      topic: 'payment',
      flagged: false,
      offline: false,
      context: { locale: 'en' },
      payment: PAYMENT,
    });
    const { email, password } = await createAgent(t.storage, merchant);
    const token = (await login(t.url, { email, password })).body.token;
    expect((await call(t.url, 'GET', `/v1/agent/conversations/${conversation.id}`, { token })).status).toBe(
      200,
    );
    const bot = generateBotKey();
    await t.storage.bots.create({
      id: bot.id,
      merchantId: merchant.id,
      name: 'Triage bot',
      keyHash: bot.keyHash,
    });
    expect(
      (await call(t.url, 'GET', `/v1/agent/conversations/${conversation.id}`, { token: bot.key })).status,
    ).toBe(200);

    const viewed = (await entries()).filter((entry) => entry.action === 'payment.viewed');
    expect(viewed.map((entry) => entry.actor.type).sort()).toEqual(['agent', 'bot']);
    for (const entry of viewed) {
      expect(entry).toMatchObject({
        target: 'ord-audit-1',
        details: { conversationId: conversation.id, status: 'failed' },
      });
      expect(JSON.stringify(entry)).not.toContain('4242');
    }
  });

  it('records settings, role, disable and password changes made by admins and agents', async () => {
    const { agent, email, password } = await createAgent(t.storage, merchant);
    const token = (await login(t.url, { email, password })).body.token;
    await call(t.url, 'PUT', '/v1/agent/settings/security', {
      token: adminToken,
      body: { requireTwoFactor: false },
    });
    await call(t.url, 'PUT', '/v1/agent/settings/security', {
      token: adminToken,
      body: { requireTwoFactor: true },
    });
    await call(t.url, 'PUT', '/v1/agent/settings/security', {
      token: adminToken,
      body: { requireTwoFactor: false },
    });
    await call(t.url, 'POST', '/v1/agent/password', {
      token,
      body: { currentPassword: password, newPassword: 'a-new-password-2' },
    });
    await call(t.url, 'PUT', `/v1/agent/agents/${agent.id}/role`, {
      token: adminToken,
      body: { role: 'admin' },
    });
    await call(t.url, 'POST', `/v1/agent/agents/${agent.id}/disable`, { token: adminToken });

    const all = await entries();
    const settings = all.filter((entry) => entry.action === 'merchant.settings_changed');
    // Setting what is already set is no change.
    expect(settings.map((entry) => entry.details)).toEqual([
      { requireTwoFactor: { from: true, to: false } },
      { requireTwoFactor: { from: false, to: true } },
    ]);
    expect(settings[0]).toMatchObject({ actor: { type: 'agent', email: admin.email }, target: merchant.key });
    const about = all.filter((entry) => entry.target === email).reverse();
    expect(about.map((entry) => entry.action)).toEqual([
      'agent.login',
      'agent.password_changed',
      'agent.role_changed',
      'agent.disabled',
    ]);
    expect(about[1]?.actor.email).toBe(email);
    expect(about[2]).toMatchObject({
      actor: { email: admin.email },
      details: { from: 'agent', to: 'admin' },
    });
  });

  it('is readable by admins only, page by page, and from a time on', async () => {
    const { email, password } = await createAgent(t.storage, merchant);
    const token = (await login(t.url, { email, password })).body.token;
    const refused = await call(t.url, 'GET', '/v1/agent/audit', { token });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
    const bot = generateBotKey();
    await t.storage.bots.create({
      id: bot.id,
      merchantId: merchant.id,
      name: 'Reader bot',
      keyHash: bot.keyHash,
    });
    expect((await call(t.url, 'GET', '/v1/agent/audit', { token: bot.key })).status).toBe(403);
    expect((await call(t.url, 'GET', '/v1/agent/audit')).status).toBe(401);

    const first = await call<{ entries: AuditEntry[]; nextCursor: string }>(
      t.url,
      'GET',
      '/v1/agent/audit?limit=2',
      {
        token: adminToken,
      },
    );
    expect(first.body.entries).toHaveLength(2);
    const second = await call<{ entries: AuditEntry[] }>(
      t.url,
      'GET',
      `/v1/agent/audit?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      { token: adminToken },
    );
    expect(second.body.entries[0]!.at <= first.body.entries[1]!.at).toBe(true);
    expect(second.body.entries.map((e) => e.id)).not.toContain(first.body.entries[1]!.id);
    const future = await call<{ entries: AuditEntry[] }>(
      t.url,
      'GET',
      `/v1/agent/audit?since=${new Date(Date.now() + 60_000).toISOString()}`,
      { token: adminToken },
    );
    expect(future.body.entries).toEqual([]);
    // Another merchant's admin sees none of this merchant's entries.
    const other = await createAgent(t.storage, await createMerchant(t.storage), 'admin');
    const otherToken = (await login(t.url, { email: other.email, password: other.password })).body.token;
    const theirs = await call<{ entries: AuditEntry[] }>(t.url, 'GET', '/v1/agent/audit', {
      token: otherToken,
    });
    expect(theirs.body.entries.map((entry) => entry.target)).toEqual([other.email]);
  });

  it('delivers every entry as a signed audit.created webhook', async () => {
    const expected = (await entries()).map((entry) => entry.id);
    const got = await receiver.waitFor('/audit', (list) => {
      const ids = new Set(list.map((request) => request.json.data.entry?.id));
      return expected.every((id) => ids.has(id as string));
    });
    for (const request of got) {
      expect(request.json.type).toBe('audit.created');
      expect(request.json.merchantId).toBe(merchant.id);
      expect(verifySignature(hookSecret, request.headers['topay-signature'] as string, request.body)).toBe(
        true,
      );
    }
  });
});

describe('the audit log and the CLI', () => {
  const cli = (args: string[]) =>
    runCli(args, { DATABASE_URL: `sqlite://${path.join(t.dataDir, 'test.sqlite')}`, USER: 'operator-ann' });

  // Eleven CLI processes: seconds on an idle machine, much longer on a loaded CI runner.
  it('records operator commands and lists entries as text and JSON; a visitor delete keeps the trail', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
    const visitor = await t.storage.visitors.create(merchant.id);
    const since = new Date().toISOString();
    const email = `cli-${Date.now().toString(36)}@accounts.test`;
    for (const args of [
      ['agent', 'create', '--merchant', merchant.key, '--email', email, '--name', 'Cli Agent'],
      ['agent', 'set-role', email, '--role', 'admin'],
      ['agent', 'disable', email],
      ['agent', 'reset-password', email],
      ['merchant', 'update', merchant.key, '--require-2fa', 'on'],
      ['visitor', 'export', '--merchant', merchant.key, '--visitor', visitor.id],
      ['visitor', 'delete', '--merchant', merchant.key, '--visitor', visitor.id],
      ['bot', 'create', '--merchant', merchant.key, '--name', 'Audited bot'],
    ]) {
      const run = await cli(args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const listed = await cli(['audit', 'list', '--merchant', merchant.key, '--since', since, '--json']);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout) as AuditEntry[];
    expect(list.map((entry) => entry.action).reverse()).toEqual([
      'agent.created',
      'agent.role_changed',
      'agent.disabled',
      'agent.password_changed',
      'merchant.settings_changed',
      'visitor.exported',
      'visitor.deleted',
      'agent.created',
    ]);
    expect(list[0]?.details).toEqual({ bot: true, name: 'Audited bot' });
    for (const entry of list)
      expect(entry.actor).toEqual({ type: 'cli', id: expect.any(String), email: null });
    expect(list.find((entry) => entry.action === 'visitor.exported')).toMatchObject({ target: visitor.id });
    expect(list.find((entry) => entry.action === 'merchant.settings_changed')?.details).toEqual({
      changed: ['require 2FA'],
    });

    const text = await cli(['audit', 'list', '--merchant', merchant.key, '--since', since]);
    expect(text.stdout.trim().split('\n')).toHaveLength(8);
    expect(text.stdout).toMatch(/\tvisitor\.deleted\tcli:/);
    const bad = await cli(['audit', 'list', '--merchant', merchant.key, '--since', 'yesterday-ish']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^topay-support: --since "yesterday-ish" is not an ISO-8601 time/);

    // The server node sends what the CLI wrote into the outbox.
    await receiver.waitFor('/audit', (got) =>
      got.some((request) => request.json.data.entry?.action === 'visitor.deleted'),
    );
  }, 120_000);
});
