import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { generateBotKey } from '../src/features/integrations/bot-keys.js';
import { openPostgresStorage } from '../src/storage/postgres.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { RECENT_MS, type Storage } from '../src/storage/storage.js';
import { DEMO_PASSWORD } from './helpers.js';
import { createTestDatabase, postgresAvailable } from './postgres-database.js';

/**
 * Bot keys and the webhook outbox on both backends. The claim tests open two storages on one
 * database, as two server nodes would, and claim at the same time.
 */
function defineIntegrationsContract(
  open: () => Promise<{ nodes: [Storage, Storage]; drop(): Promise<void> }>,
) {
  let one: Storage;
  let two: Storage;
  let drop: () => Promise<void>;
  let merchantId: string;
  const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

  beforeEach(async () => {
    const opened = await open();
    [one, two] = opened.nodes;
    drop = opened.drop;
    await one.migrate();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-integrations-seed-'));
    await seedDemo(one, { dataDir, agentPassword: DEMO_PASSWORD });
    rmSync(dataDir, { recursive: true, force: true });
    merchantId = (await one.merchants.findByKey('pk_demo'))!.id;
  });
  afterEach(async () => {
    await two.close();
    await one.close();
    await drop();
  });

  async function webhookWithDeliveries(count: number) {
    const hook = await one.webhooks.create({
      merchantId,
      url: 'https://hooks.example/x',
      events: ['message.created'],
      secret: 's',
    });
    for (let i = 0; i < count; i++) {
      await one.webhooks.enqueue({
        eventId: `evt-${i}`,
        eventType: 'message.created',
        payload: `{"n":${i}}`,
        webhookIds: [hook.id],
        visitorId: null,
      });
    }
    return hook;
  }

  it('stores a bot as an agent row with role bot, lists, finds by prefix and revokes it', async () => {
    const { id, keyHash } = generateBotKey();
    const bot = await one.bots.create({ id, merchantId, name: 'Refund bot', keyHash });
    expect(bot).toMatchObject({
      id,
      merchantId,
      name: 'Refund bot',
      keyHash,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(await two.agents.findById(id)).toMatchObject({
      role: 'bot',
      name: 'Refund bot',
      disabledAt: null,
    });
    expect((await one.agents.listByMerchant(merchantId)).map((a) => a.id)).not.toContain(id);
    expect((await one.bots.list(merchantId)).map((b) => b.id)).toEqual([id]);
    expect((await one.bots.findByIdPrefix(id.slice(0, 6))).map((b) => b.id)).toEqual([id]);
    expect(await one.bots.findByIdPrefix('%')).toEqual([]);
    await one.bots.touch(id);
    expect((await one.bots.findById(id))?.lastUsedAt).toEqual(expect.any(String));
    expect(await one.bots.revoke(id)).toBe(true);
    expect(await one.bots.revoke(id)).toBe(true);
    expect(await one.bots.revoke('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect((await two.bots.findById(id))?.revokedAt).toEqual(expect.any(String));
    expect((await two.agents.findById(id))?.disabledAt).toEqual(expect.any(String));
  });

  it('keeps webhooks per merchant and drops their deliveries with them', async () => {
    const hook = await webhookWithDeliveries(2);
    expect(await one.webhooks.list(merchantId)).toEqual([hook]);
    expect(await one.webhooks.list('no-such-merchant')).toEqual([]);
    expect(await one.webhooks.findById(hook.id)).toEqual(hook);
    expect(await one.webhooks.listDeliveries(hook.id, 10)).toHaveLength(2);
    expect(await one.webhooks.delete(hook.id)).toBe(true);
    expect(await one.webhooks.delete(hook.id)).toBe(false);
    expect(await one.webhooks.listDeliveries(hook.id, 10)).toEqual([]);
  });

  it('reads webhooks and merchant settings for the message path at most RECENT_MS old, and its own writes at once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      expect(await one.webhooks.listRecent(merchantId)).toEqual([]);
      expect(await two.webhooks.listRecent(merchantId)).toEqual([]);
      const hook = await one.webhooks.create({
        merchantId,
        url: 'https://hooks.example/recent',
        events: ['message.created'],
        secret: 's',
      });
      expect(await one.webhooks.listRecent(merchantId)).toEqual([hook]);
      // The other node keeps its read of a moment ago: that is the query each message saves.
      expect(await two.webhooks.listRecent(merchantId)).toEqual([]);
      vi.setSystemTime(Date.now() + RECENT_MS);
      expect(await two.webhooks.listRecent(merchantId)).toEqual([hook]);
      // An event recorded from a list of a moment ago still reaches the webhooks that remain.
      const kept = await two.webhooks.create({
        merchantId,
        url: 'https://hooks.example/kept',
        events: ['message.created'],
        secret: 's',
      });
      await two.webhooks.delete(hook.id);
      await one.webhooks.enqueue({
        eventId: 'event-after-removal',
        eventType: 'message.created',
        payload: '{}',
        webhookIds: [hook.id, kept.id],
        visitorId: null,
      });
      expect((await one.webhooks.listDeliveries(kept.id, 10)).map((d) => d.eventId)).toEqual([
        'event-after-removal',
      ]);
      await two.webhooks.delete(kept.id);
      expect(await two.webhooks.listRecent(merchantId)).toEqual([]);

      const before = (await one.merchants.findRecent(merchantId))!;
      expect(await two.merchants.findRecent(merchantId)).toEqual(before);
      const after = await two.merchants.update(merchantId, {
        settings: { ...before.settings, assistant: { mode: 'off', name: 'Off' } },
      });
      expect(await two.merchants.findRecent(merchantId)).toEqual(after);
      expect(await one.merchants.findRecent(merchantId)).toEqual(before);
      vi.setSystemTime(Date.now() + RECENT_MS);
      expect(await one.merchants.findRecent(merchantId)).toEqual(after);
      expect(await one.merchants.findRecent('no-such-merchant')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('never hands one delivery to two nodes claiming at once', async () => {
    await webhookWithDeliveries(60);
    const now = iso();
    const leaseUntil = iso(60_000);
    const rounds = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? one : two).webhooks.claimDue({ now, leaseUntil, limit: 7 }),
      ),
    );
    // Under contention a claimer may get fewer than its limit (rows another node took are skipped,
    // not waited for twice); whatever is left is claimed on the next round. Never twice, though.
    const rest = [];
    for (let batch = await one.webhooks.claimDue({ now, leaseUntil, limit: 100 }); batch.length > 0; ) {
      rest.push(...batch);
      batch = await two.webhooks.claimDue({ now, leaseUntil, limit: 100 });
    }
    const claimed = [...rounds.flat(), ...rest].map((c) => c.eventId);
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed).size).toBe(60);
    expect(rounds.flat()[0]).toMatchObject({ url: 'https://hooks.example/x', secret: 's', attempts: 0 });
    // While the leases hold, nothing is due.
    expect(await one.webhooks.claimDue({ now, leaseUntil, limit: 100 })).toEqual([]);
  });

  it('records an outcome only for the claim holder, and makes expired or released claims due again', async () => {
    const hook = await webhookWithDeliveries(3);
    const [a, b, c] = await one.webhooks.claimDue({ now: iso(), leaseUntil: iso(60_000), limit: 10 });
    const retry = {
      status: 'pending' as const,
      attempts: 1,
      nextAttemptAt: iso(3_600_000),
      log: [{ at: iso(), durationMs: 5, statusCode: 500 }],
    };
    expect(await two.webhooks.complete({ id: a!.id, claimToken: 'not-the-holder' }, retry)).toBe(false);
    expect(await two.webhooks.complete(a!, retry)).toBe(true);
    await one.webhooks.release(b!);
    // b is due at once; a waits for its retry time; c is still leased.
    expect(
      (await two.webhooks.claimDue({ now: iso(), leaseUntil: iso(60_000), limit: 10 })).map((d) => d.id),
    ).toEqual([b!.id]);
    // After the leases ran out (their node died), b and c are due again; a when its retry time comes.
    const later = await one.webhooks.claimDue({ now: iso(120_000), leaseUntil: iso(86_400_000), limit: 10 });
    expect(later.map((d) => d.id).sort()).toEqual([b!.id, c!.id].sort());
    const retried = await one.webhooks.claimDue({
      now: iso(7_200_000),
      leaseUntil: iso(7_300_000),
      limit: 10,
    });
    expect(retried).toMatchObject([{ id: a!.id, attempts: 1, log: retry.log }]);
    await one.webhooks.complete(retried[0]!, { ...retry, status: 'delivered', attempts: 2 });
    const stored = await one.webhooks.listDeliveries(hook.id, 10);
    expect(stored.find((d) => d.id === a!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });
}

describe('integrations storage on SQLite (two connections to one file)', () => {
  defineIntegrationsContract(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topay-integrations-'));
    const file = path.join(dir, 'db.sqlite');
    const first = openSqliteStorage(file);
    await first.migrate();
    return {
      nodes: [first, openSqliteStorage(file)],
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
});

describe.skipIf(!postgresAvailable('integrations storage'))(
  'integrations storage on Postgres (two pools)',
  () => {
    defineIntegrationsContract(async () => {
      const database = await createTestDatabase();
      const first = openPostgresStorage(database.url, { poolSize: 4 });
      await first.migrate();
      return {
        nodes: [first, openPostgresStorage(database.url, { poolSize: 4 })],
        drop: () => database.drop(),
      };
    });
  },
);
