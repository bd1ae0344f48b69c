import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { nextWaitingSince, type PaymentView } from '@topay-support/protocol';
import { type Kysely, Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WAITING_SINCE_CASES } from '../../protocol/test/waiting-since-cases.js';
import { seedDemo } from '../src/demo/seed.js';
import type { ConversationRecord } from '../src/storage/conversations.js';
import type { HelpArticleRecord } from '../src/storage/help-articles.js';
import type { MerchantRecord } from '../src/storage/merchants.js';
import {
  AttachmentUnavailableError,
  ClientIdConflictError,
  ConversationUnavailableError,
  type NewMessage,
} from '../src/storage/messages.js';
import { migrationProvider } from '../src/storage/migrations.js';
import type { Database } from '../src/storage/schema.js';
import type { Storage } from '../src/storage/storage.js';
import { ConflictError } from '../src/storage/unique.js';
import type { VisitorRecord } from '../src/storage/visitors.js';

/** A new, empty database of one backend; `open` connects one more storage to it (several may be open at once). */
export interface ContractDatabase {
  open(): Promise<Storage>;
  drop(): Promise<void>;
  /** A plain Kysely connection to the database, for what no Storage method may do (an older schema). */
  raw(): Kysely<Database>;
}

export interface ContractOptions {
  /**
   * Whether several storages (nodes) may write to one database at once. Postgres: yes, and the
   * concurrency tests spread their work over several. SQLite is one node's database; a second
   * connection in the same process would block the event loop on its lock, so there they run on one.
   */
  multiNode: boolean;
}

const tick = (ms = 3) => new Promise((resolve) => setTimeout(resolve, ms));

const SETTINGS = { color: '#123456', position: 'right', colorScheme: 'auto', greeting: {} } as const;

const PAYMENT: PaymentView = {
  reference: 'ref-1',
  status: 'failed',
  reason: 'card_declined',
  amount: { minor: 1999, currency: 'CNY' },
  merchant: { name: 'Shop' },
  card: { brand: 'visa', last4: '4242' },
  createdAt: '2024-05-01T10:00:00.000Z',
  events: [{ type: 'failed', at: '2024-05-01T10:00:01.000Z' }],
};

/**
 * The behaviour every `Storage` must have, defined once and run against each backend
 * (`storage-contract.sqlite.test.ts`, `storage-contract.postgres.test.ts`). Each test gets a fresh
 * database from `createDatabase`, so tests never see each other's rows.
 */
export function defineStorageContract(
  createDatabase: () => Promise<ContractDatabase>,
  options: ContractOptions,
): void {
  let database: ContractDatabase;
  let opened: Storage[];
  let storage: Storage;

  /** Another storage on the same database, closed after the test. */
  async function open(): Promise<Storage> {
    const next = await database.open();
    opened.push(next);
    return next;
  }

  /** `count` storages acting as nodes: separate ones where the backend allows, else the one storage. */
  async function nodes(count: number): Promise<Storage[]> {
    if (!options.multiNode) return Array.from({ length: count }, () => storage);
    return [storage, ...(await Promise.all(Array.from({ length: count - 1 }, () => open())))];
  }

  beforeEach(async () => {
    database = await createDatabase();
    opened = [];
    storage = await open();
    await storage.migrate();
  });

  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await database.drop();
  });

  let merchantCount = 0;
  function merchant(overrides: Partial<Parameters<Storage['merchants']['create']>[0]> = {}) {
    merchantCount += 1;
    return storage.merchants.create({
      key: `pk_${merchantCount}_${Math.random().toString(36).slice(2)}`,
      secret: 'sk_secret',
      name: 'Shop',
      defaultLocale: 'en',
      allowedOrigins: ['https://shop.example'],
      settings: { ...SETTINGS },
      ...overrides,
    });
  }

  async function conversationOf(m: MerchantRecord, visitor?: VisitorRecord): Promise<ConversationRecord> {
    const v = visitor ?? (await storage.visitors.create(m.id));
    return storage.conversations.create({
      merchantId: m.id,
      visitorId: v.id,
      topic: 'payment',
      flagged: false,
      offline: false,
      context: { locale: 'en' },
      payment: null,
    });
  }

  function visitorMessage(conversation: ConversationRecord, clientId: string, text = `text ${clientId}`) {
    return {
      conversationId: conversation.id,
      clientId,
      authorType: 'visitor',
      authorId: conversation.visitorId,
      authorName: null,
      text,
      internal: false,
      redacted: false,
      attachmentIds: [],
    } satisfies NewMessage;
  }

  function agentMessage(
    conversation: ConversationRecord,
    agentId: string,
    clientId: string,
    internal = false,
  ) {
    return {
      conversationId: conversation.id,
      clientId,
      authorType: 'agent',
      authorId: agentId,
      authorName: 'Ann',
      text: `agent ${clientId}`,
      internal,
      redacted: false,
      attachmentIds: [],
    } satisfies NewMessage;
  }

  function agentOf(m: MerchantRecord, email: string, name = 'Agent') {
    return storage.agents.create({ merchantId: m.id, email, name, role: 'agent', passwordHash: 'hash' });
  }

  function article(m: MerchantRecord, overrides: Partial<HelpArticleRecord> = {}): HelpArticleRecord {
    return {
      merchantId: m.id,
      slug: 'refunds',
      locale: 'en',
      title: 'Refunds',
      category: 'refunds',
      tags: ['refund', 'money'],
      keywords: [],
      bodyMarkdown: '# Refunds\n\nTakes 5 days.',
      published: true,
      updatedAt: '2024-01-01T00:00:00.000Z',
      ...overrides,
    };
  }

  describe('migrations and housekeeping', () => {
    it('0012 gives existing webhook deliveries the visitor their payload is about', async () => {
      const fresh = await createDatabase();
      const raw = fresh.raw();
      let node: Storage | undefined;
      try {
        const migrator = new Migrator({ db: raw, provider: migrationProvider });
        const { error } = await migrator.migrateTo('0011_payment_conversations');
        if (error) throw error;
        const at = '2024-05-01T10:00:00.000Z';
        await raw
          .insertInto('merchants')
          .values({
            id: 'm1',
            key: 'pk_m1',
            secret: 's',
            name: 'Shop',
            default_locale: 'en',
            allowed_origins: '[]',
            settings: '{}',
            created_at: at,
          })
          .execute();
        await raw
          .insertInto('webhooks')
          .values({
            id: 'h1',
            merchant_id: 'm1',
            url: 'https://hooks.example/x',
            events: '[]',
            secret: 's',
            created_at: at,
          })
          .execute();
        const payloads: Record<string, string> = {
          conversation: JSON.stringify({
            type: 'message.created',
            data: {
              conversation: { id: 'c1', visitor: { id: 'visitor-1', name: 'Ann' } },
              message: { text: 'hi' },
            },
          }),
          exported: JSON.stringify({
            type: 'audit.created',
            data: { entry: { action: 'visitor.exported', target: 'visitor-2' } },
          }),
          login: JSON.stringify({
            type: 'audit.created',
            data: { entry: { action: 'agent.login', target: 'ann@shop.example' } },
          }),
          // Written by hand or by an older build: nothing to read, nothing to fail on.
          unreadable: 'not json',
        };
        // More rows than one backfill page, so the paging is exercised too.
        const rows = Array.from({ length: 1203 }, (_, i) => {
          const kind = Object.keys(payloads)[i % 4]!;
          return {
            id: `d-${String(i).padStart(5, '0')}-${kind}`,
            webhook_id: 'h1',
            event_id: `e${i}`,
            event_type: 'message.created',
            payload: payloads[kind]!,
            status: 'delivered',
            attempts: 1,
            next_attempt_at: at,
            locked_until: null,
            lock_token: null,
            log: '[]',
            created_at: at,
            updated_at: at,
          };
        });
        for (let i = 0; i < rows.length; i += 200) {
          await (raw as unknown as Kysely<{ webhook_deliveries: (typeof rows)[number] }>)
            .insertInto('webhook_deliveries')
            .values(rows.slice(i, i + 200))
            .execute();
        }

        node = await fresh.open();
        expect(await node.migrate()).toEqual(['0012_webhook_delivery_visitor']);
        const stored = await raw.selectFrom('webhook_deliveries').select(['id', 'visitor_id']).execute();
        const expected: Record<string, string | null> = {
          conversation: 'visitor-1',
          exported: 'visitor-2',
          login: null,
          unreadable: null,
        };
        expect(stored).toHaveLength(rows.length);
        for (const row of stored) expect(row.visitor_id).toBe(expected[row.id.split('-')[2]!]);

        // Forgetting a visitor now finds the old deliveries by the column.
        await node.visitors.delete('visitor-1');
        const left = await raw.selectFrom('webhook_deliveries').select('visitor_id').execute();
        expect(left.some((row) => row.visitor_id === 'visitor-1')).toBe(false);
        expect(left).toHaveLength(rows.length - Math.ceil(rows.length / 4));
      } finally {
        await node?.close();
        await raw.destroy();
        await fresh.drop();
      }
    });

    it('applies every migration once; migrating again is a no-op', async () => {
      const names = Object.keys(await migrationProvider.getMigrations()).sort();
      const fresh = await createDatabase();
      try {
        const other = await fresh.open();
        try {
          expect(await other.migrate()).toEqual(names);
          expect(await other.migrate()).toEqual([]);
        } finally {
          await other.close();
        }
      } finally {
        await fresh.drop();
      }
      // The suite's own storage was migrated in beforeEach.
      expect(await storage.migrate()).toEqual([]);
    });

    it('lets several nodes migrate one fresh database at once', async () => {
      const names = Object.keys(await migrationProvider.getMigrations()).sort();
      const fresh = await createDatabase();
      const first = await fresh.open();
      const others = options.multiNode ? await Promise.all([1, 2, 3].map(() => fresh.open())) : [];
      const all = options.multiNode ? [first, ...others] : [first, first, first, first];
      try {
        const applied = await Promise.all(all.map((node) => node.migrate()));
        // Exactly one caller applied each migration, and every one ended up with a usable schema.
        expect(applied.flat().sort()).toEqual(names);
        for (const node of all) expect(await node.merchants.list()).toEqual([]);
      } finally {
        await Promise.all([first, ...others].map((node) => node.close()));
        await fresh.drop();
      }
    });

    it('answers ping and reports query durations until unsubscribed', async () => {
      const durations: number[] = [];
      const unsubscribe = storage.observeQueries((ms) => durations.push(ms));
      await storage.ping();
      await storage.merchants.list();
      expect(durations.length).toBeGreaterThanOrEqual(2);
      expect(durations.every((ms) => typeof ms === 'number' && ms >= 0)).toBe(true);
      unsubscribe();
      const seen = durations.length;
      await storage.ping();
      expect(durations.length).toBe(seen);
    });

    it('seeds the demo once even when two nodes seed at once', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-contract-seed-'));
      try {
        const [one, two] = await nodes(2);
        const seedOptions = { dataDir, agentPassword: 'demo-password-123' };
        const [a, b] = await Promise.all([seedDemo(one!, seedOptions), seedDemo(two!, seedOptions)]);
        expect(a.merchant.id).toBe(b.merchant.id);
        expect(await storage.merchants.list()).toHaveLength(1);
        expect(await storage.agents.listByMerchant(a.merchant.id)).toHaveLength(1);
        const again = await seedDemo(storage, seedOptions);
        expect(again.articles).toBe(a.articles);
        expect(again.payments).toBe(10);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('merchants', () => {
    it('creates, finds by key and id, and keeps settings and origins intact', async () => {
      const created = await merchant({
        key: 'pk_live',
        allowedOrigins: ['https://a.example', 'http://localhost:*'],
        settings: { ...SETTINGS, greeting: { 'zh-CN': '你好' }, assignment: 'round_robin', agentCapacity: 3 },
      });
      expect(created).toMatchObject({ key: 'pk_live', name: 'Shop', defaultLocale: 'en' });
      expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await storage.merchants.findByKey('pk_live')).toEqual(created);
      expect(await storage.merchants.findById(created.id)).toEqual(created);
      expect(await storage.merchants.findByKey('PK_LIVE')).toBeUndefined();
      expect(await storage.merchants.findById('nope')).toBeUndefined();
    });

    it('refuses a second merchant with the same key', async () => {
      await merchant({ key: 'pk_same' });
      await expect(merchant({ key: 'pk_same' })).rejects.toBeInstanceOf(ConflictError);
      expect(await storage.merchants.list()).toHaveLength(1);
    });

    it('updates only what the patch names, and lists oldest first', async () => {
      const first = await merchant({ name: 'First' });
      await tick();
      const second = await merchant({ name: 'Second' });
      const updated = await storage.merchants.update(first.id, {
        name: 'Renamed',
        allowedOrigins: ['https://b.example'],
        settings: { ...SETTINGS, color: '#000000' },
      });
      expect(updated).toEqual({
        ...first,
        name: 'Renamed',
        allowedOrigins: ['https://b.example'],
        settings: { ...SETTINGS, color: '#000000' },
      });
      expect(await storage.merchants.findById(first.id)).toEqual(updated);
      expect(await storage.merchants.update(first.id, {})).toEqual(updated);
      expect(await storage.merchants.update('missing', { name: 'x' })).toBeUndefined();
      expect((await storage.merchants.list()).map((m) => m.id)).toEqual([first.id, second.id]);
    });
  });

  describe('agents', () => {
    it('stores emails trimmed and lower-cased, and finds them in any case', async () => {
      const m = await merchant();
      const agent = await agentOf(m, '  Ann@Example.COM ', 'Ann');
      expect(agent).toMatchObject({ email: 'ann@example.com', disabledAt: null, role: 'agent' });
      expect(await storage.agents.findByEmail('ANN@example.com')).toEqual(agent);
      expect(await storage.agents.findById(agent.id)).toEqual(agent);
      expect(await storage.agents.findByEmail('bob@example.com')).toBeUndefined();
    });

    it('keeps one agent per email across merchants', async () => {
      const [a, b] = [await merchant(), await merchant()];
      await agentOf(a, 'ann@example.com');
      await expect(agentOf(b, 'ANN@example.com')).rejects.toBeInstanceOf(ConflictError);
    });

    it('lists a merchant’s agents by name, by code point', async () => {
      const [m, other] = [await merchant(), await merchant()];
      for (const name of ['bob', 'Émile', 'alice', 'Alice'])
        await agentOf(m, `${name}-${Math.random()}@x.test`, name);
      await agentOf(other, 'zed@x.test', 'Zed');
      expect((await storage.agents.listByMerchant(m.id)).map((a) => a.name)).toEqual([
        'Alice',
        'alice',
        'bob',
        'Émile',
      ]);
    });

    it('disables and re-enables, and changes the password hash', async () => {
      const agent = await agentOf(await merchant(), 'ann@example.com');
      await storage.agents.setDisabled(agent.id, true);
      expect((await storage.agents.findById(agent.id))?.disabledAt).toMatch(/^\d{4}-/);
      await storage.agents.setDisabled(agent.id, false);
      expect((await storage.agents.findById(agent.id))?.disabledAt).toBeNull();
      await storage.agents.setPasswordHash(agent.id, 'new-hash');
      expect((await storage.agents.findById(agent.id))?.passwordHash).toBe('new-hash');
    });
  });

  describe('agent security and the audit log', () => {
    it('bumps the token version on a password change, a disable and a role change, not on enable', async () => {
      const agent = await agentOf(await merchant(), 'ann@example.com');
      expect(agent).toMatchObject({ tokenVersion: 0, twoFactorEnabled: false });
      await storage.agents.setPasswordHash(agent.id, 'new-hash');
      expect((await storage.agents.findById(agent.id))?.tokenVersion).toBe(1);
      await storage.agents.setDisabled(agent.id, true);
      await storage.agents.setDisabled(agent.id, false);
      expect((await storage.agents.findById(agent.id))?.tokenVersion).toBe(2);
      await storage.agents.setRole(agent.id, 'admin');
      expect(await storage.agents.findById(agent.id)).toMatchObject({ role: 'admin', tokenVersion: 3 });
    });

    it('enrols two-factor sign-in in steps, refuses used steps and spends recovery codes once', async () => {
      const agent = await agentOf(await merchant(), 'ann@example.com');
      expect(await storage.agentTotp.enable(agent.id, 10, ['h1'])).toBe(false);
      expect(await storage.agentTotp.begin(agent.id, 'sealed-1')).toBe(true);
      expect(await storage.agentTotp.begin(agent.id, 'sealed-2')).toBe(true);
      expect(await storage.agentTotp.find(agent.id)).toEqual({
        encryptedSecret: 'sealed-2',
        enabledAt: null,
        lastStep: null,
      });
      expect(await storage.agentTotp.enable(agent.id, 100, ['h1', 'h2'])).toBe(true);
      expect((await storage.agents.findById(agent.id))?.twoFactorEnabled).toBe(true);
      // While on, a new secret cannot replace it.
      expect(await storage.agentTotp.begin(agent.id, 'sealed-3')).toBe(false);
      expect(await storage.agentTotp.useStep(agent.id, 100)).toBe(false);
      expect(await storage.agentTotp.useStep(agent.id, 99)).toBe(false);
      expect(await storage.agentTotp.useStep(agent.id, 101)).toBe(true);
      expect((await storage.agentTotp.find(agent.id))?.lastStep).toBe(101);
      expect(await storage.agentTotp.recoveryCodesLeft(agent.id)).toBe(2);
      expect(await storage.agentTotp.useRecoveryCode(agent.id, 'h1')).toBe(true);
      expect(await storage.agentTotp.useRecoveryCode(agent.id, 'h1')).toBe(false);
      expect(await storage.agentTotp.useRecoveryCode(agent.id, 'nope')).toBe(false);
      expect(await storage.agentTotp.recoveryCodesLeft(agent.id)).toBe(1);
      await storage.agentTotp.disable(agent.id);
      expect(await storage.agentTotp.find(agent.id)).toEqual({
        encryptedSecret: null,
        enabledAt: null,
        lastStep: null,
      });
      expect(await storage.agentTotp.recoveryCodesLeft(agent.id)).toBe(0);
      expect((await storage.agents.findById(agent.id))?.twoFactorEnabled).toBe(false);
    });

    it('accepts one time step once when several nodes verify it at once', async () => {
      const agent = await agentOf(await merchant(), 'ann@example.com');
      await storage.agentTotp.begin(agent.id, 'sealed');
      await storage.agentTotp.enable(agent.id, 100, []);
      const all = await nodes(4);
      const results = await Promise.all(all.map((node) => node.agentTotp.useStep(agent.id, 200)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('appends audit entries and pages them newest first per merchant, with since', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const actor = { type: 'agent', id: 'a1', email: 'ann@example.com' } as const;
      const written = [];
      for (let i = 0; i < 5; i++) {
        written.push(
          await storage.audit.append({
            merchantId: m.id,
            actor,
            action: 'agent.login',
            target: `t${i}`,
            ip: '203.0.113.9',
            details: { n: i, nested: { ok: true } },
          }),
        );
        await tick();
      }
      await storage.audit.append({
        merchantId: other.id,
        actor,
        action: 'agent.login',
        target: 'x',
        ip: null,
        details: {},
      });
      expect(written[0]).toMatchObject({ merchantId: m.id, actor, action: 'agent.login', ip: '203.0.113.9' });
      const first = await storage.audit.list(m.id, { limit: 2 });
      expect(first.entries.map((e) => e.target)).toEqual(['t4', 't3']);
      expect(first.entries[0]?.details).toEqual({ n: 4, nested: { ok: true } });
      const second = await storage.audit.list(m.id, { limit: 2, cursor: first.nextCursor! });
      const third = await storage.audit.list(m.id, { limit: 2, cursor: second.nextCursor! });
      expect([...second.entries, ...third.entries].map((e) => e.target)).toEqual(['t2', 't1', 't0']);
      expect(third.nextCursor).toBeNull();
      const since = await storage.audit.list(m.id, { limit: 10, since: written[3]!.at });
      expect(since.entries.map((e) => e.target)).toEqual(['t4', 't3']);
      // Entries outlive what they name: no foreign keys, no update or delete in the interface.
      expect(Object.keys(storage.audit).sort()).toEqual(['append', 'list']);
    });
  });

  describe('visitors', () => {
    it('creates anonymous visitors and touches them only for their merchant', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const visitor = await storage.visitors.create(m.id);
      expect(visitor).toMatchObject({ merchantId: m.id, userId: null, name: null, email: null });
      expect(await storage.visitors.findById(visitor.id)).toEqual(visitor);
      await tick();
      const touched = await storage.visitors.touch(visitor.id, m.id);
      expect(touched!.lastSeenAt > visitor.lastSeenAt).toBe(true);
      expect(touched!.createdAt).toBe(visitor.createdAt);
      expect(await storage.visitors.touch(visitor.id, other.id)).toBeUndefined();
      expect(await storage.visitors.touch('missing', m.id)).toBeUndefined();
      await storage.visitors.update(visitor.id, { name: 'Li Lei', email: 'li@example.com' });
      await storage.visitors.update(visitor.id, {});
      expect(await storage.visitors.findById(visitor.id)).toMatchObject({
        name: 'Li Lei',
        email: 'li@example.com',
      });
    });

    it('keeps one visitor per user id and merchant, even when devices connect at once', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const devices = await nodes(10);
      const all = await Promise.all(devices.map((node) => node.visitors.upsertIdentified(m.id, 'user-1')));
      expect(new Set(all.map((v) => v.id)).size).toBe(1);
      expect(all[0]).toMatchObject({ merchantId: m.id, userId: 'user-1' });
      expect(await storage.visitors.findByUserId(m.id, 'user-1')).toEqual(all[0]);
      const elsewhere = await storage.visitors.upsertIdentified(other.id, 'user-1');
      expect(elsewhere.id).not.toBe(all[0]!.id);
      expect(await storage.visitors.findByUserId(m.id, 'user-2')).toBeUndefined();
    });

    it('deletes a visitor with conversations and messages, returning their attachment ids', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@example.com');
      const visitor = await storage.visitors.create(m.id);
      const keep = await storage.visitors.create(m.id);
      const conversation = await conversationOf(m, visitor);
      const kept = await conversationOf(m, keep);
      const upload = (uploaderType: 'visitor' | 'agent', uploaderId: string) =>
        storage.attachments.create({
          merchantId: m.id,
          uploaderType,
          uploaderId,
          name: 'a.png',
          contentType: 'image/png',
          size: 10,
        });
      const sent = await upload('visitor', visitor.id);
      const unused = await upload('visitor', visitor.id);
      const fromAgent = await upload('agent', agent.id);
      const otherAgentUpload = await upload('agent', agent.id);
      await storage.messages.append({ ...visitorMessage(conversation, 'v1'), attachmentIds: [sent.id] });
      await storage.messages.append({
        ...agentMessage(conversation, agent.id, 'a1'),
        attachmentIds: [fromAgent.id],
      });
      await storage.messages.append({
        ...agentMessage(kept, agent.id, 'a2'),
        attachmentIds: [otherAgentUpload.id],
      });

      const removed = await storage.visitors.delete(visitor.id);
      expect(removed.sort()).toEqual([sent.id, unused.id, fromAgent.id].sort());
      expect(await storage.visitors.findById(visitor.id)).toBeUndefined();
      expect(await storage.conversations.findById(conversation.id)).toBeUndefined();
      expect(await storage.messages.findByClientId('visitor', visitor.id, 'v1')).toBeUndefined();
      expect(await storage.attachments.findById(sent.id)).toBeUndefined();
      // Someone else's conversation is untouched.
      expect(await storage.conversations.findById(kept.id)).toBeDefined();
      expect(await storage.attachments.findById(otherAgentUpload.id)).toBeDefined();
    });

    it('forgetting a visitor removes the webhook deliveries about them, and only those', async () => {
      const m = await merchant();
      const hook = await storage.webhooks.create({
        merchantId: m.id,
        url: 'https://hooks.example/x',
        events: ['message.created'],
        secret: 's',
      });
      const gone = await storage.visitors.create(m.id);
      const kept = await storage.visitors.create(m.id);
      const about = (visitorId: string, text: string) =>
        JSON.stringify({ data: { conversation: { visitor: { id: visitorId } }, message: { text } } });
      const enqueue = (eventId: string, visitorId: string | null, payload: string) =>
        storage.webhooks.enqueue({
          eventId,
          eventType: 'message.created',
          payload,
          webhookIds: [hook.id],
          visitorId,
        });
      await enqueue('about-gone', gone.id, about(gone.id, 'my card was declined'));
      // An agent pasted the id into another visitor's conversation: that delivery is not about them.
      await enqueue('quotes-gone', kept.id, about(kept.id, gone.id));
      await enqueue('about-nobody', null, '{}');
      await storage.visitors.delete(gone.id);
      expect((await storage.webhooks.listDeliveries(hook.id, 10)).map((d) => d.eventId).sort()).toEqual([
        'about-nobody',
        'quotes-gone',
      ]);
    });

    it('deliveries follow conversations to the visitor they identified as, and go with them', async () => {
      const m = await merchant();
      const hook = await storage.webhooks.create({
        merchantId: m.id,
        url: 'https://hooks.example/x',
        events: ['message.created'],
        secret: 's',
      });
      const anonymous = await storage.visitors.create(m.id);
      const identified = await storage.visitors.upsertIdentified(m.id, 'user-1');
      await storage.webhooks.enqueue({
        eventId: 'before-identifying',
        eventType: 'message.created',
        payload: JSON.stringify({ data: { conversation: { visitor: { id: anonymous.id, name: 'Ann' } } } }),
        webhookIds: [hook.id],
        visitorId: anonymous.id,
      });
      await storage.conversations.moveToVisitor(anonymous.id, identified.id);
      await storage.visitors.delete(identified.id);
      expect(await storage.webhooks.listDeliveries(hook.id, 10)).toEqual([]);
    });
  });

  describe('conversations', () => {
    it('starts open with zeroed counters and keeps context and payment', async () => {
      const m = await merchant();
      const visitor = await storage.visitors.create(m.id);
      const created = await storage.conversations.create({
        merchantId: m.id,
        visitorId: visitor.id,
        topic: 'complaint',
        flagged: true,
        offline: true,
        context: { pageUrl: 'https://shop.example/cart', attributes: { plan: 'gold', vip: true, n: 3 } },
        payment: PAYMENT,
      });
      expect(created).toMatchObject({
        status: 'open',
        topic: 'complaint',
        flagged: true,
        offline: true,
        assigneeId: null,
        lastSeq: 0,
        visitorReadSeq: 0,
        agentReadSeq: 0,
        waitingSince: null,
        rating: null,
        resolvedAt: null,
        payment: PAYMENT,
      });
      expect(await storage.conversations.findById(created.id)).toEqual(created);
      expect(await storage.conversations.findById('missing')).toBeUndefined();
    });

    it('moves open → assigned → resolved → open, with rating and read positions', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@example.com');
      const conversation = await conversationOf(m);
      const assigned = await storage.conversations.update(conversation.id, {
        status: 'assigned',
        assigneeId: agent.id,
      });
      expect(assigned).toMatchObject({ status: 'assigned', assigneeId: agent.id });
      expect(assigned!.updatedAt >= conversation.updatedAt).toBe(true);
      const resolvedAt = new Date().toISOString();
      const resolved = await storage.conversations.update(conversation.id, {
        status: 'resolved',
        resolvedAt,
        rating: { score: 5, comment: '谢谢' },
        visitorReadSeq: 3,
        agentReadSeq: 2,
        payment: null,
      });
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolvedAt,
        rating: { score: 5, comment: '谢谢' },
        visitorReadSeq: 3,
        agentReadSeq: 2,
        payment: null,
        assigneeId: agent.id,
      });
      const reopened = await storage.conversations.update(conversation.id, {
        status: 'open',
        assigneeId: null,
        resolvedAt: null,
        rating: null,
      });
      expect(reopened).toMatchObject({ status: 'open', assigneeId: null, resolvedAt: null, rating: null });
      expect(await storage.conversations.findById(conversation.id)).toEqual(reopened);
      expect(await storage.conversations.update('missing', { status: 'resolved' })).toBeUndefined();
    });

    it('finds a visitor’s latest conversation, or latest unresolved one', async () => {
      const m = await merchant();
      const visitor = await storage.visitors.create(m.id);
      expect(
        await storage.conversations.latestForVisitor(visitor.id, { unresolvedOnly: false }),
      ).toBeUndefined();
      const first = await conversationOf(m, visitor);
      await tick();
      const second = await conversationOf(m, visitor);
      await storage.conversations.update(second.id, { status: 'resolved' });
      expect((await storage.conversations.latestForVisitor(visitor.id, { unresolvedOnly: false }))?.id).toBe(
        second.id,
      );
      expect((await storage.conversations.latestForVisitor(visitor.id, { unresolvedOnly: true }))?.id).toBe(
        first.id,
      );
      expect((await storage.conversations.listForVisitor(visitor.id)).map((c) => c.id)).toEqual([
        first.id,
        second.id,
      ]);
    });

    it('finds a visitor’s open conversation about a payment, and lists their open ones (0011)', async () => {
      const m = await merchant();
      const visitor = await storage.visitors.create(m.id);
      const other = await storage.visitors.create(m.id);
      const about = (reference: string, who = visitor) =>
        storage.conversations.create({
          merchantId: m.id,
          visitorId: who.id,
          topic: 'payment',
          flagged: false,
          offline: false,
          context: {},
          payment: { ...PAYMENT, reference },
        });
      const general = await conversationOf(m, visitor);
      await tick();
      const a = await about('pay-a');
      await tick();
      const b = await about('pay-b');
      await about('pay-a', other);
      expect((await storage.conversations.openForPayment(visitor.id, 'pay-a'))?.id).toBe(a.id);
      expect((await storage.conversations.openForPayment(visitor.id, 'pay-b'))?.id).toBe(b.id);
      expect(await storage.conversations.openForPayment(visitor.id, 'pay-c')).toBeUndefined();
      // The reference follows the payment when it is replaced or removed.
      await storage.conversations.update(general.id, { payment: { ...PAYMENT, reference: 'pay-c' } });
      expect((await storage.conversations.openForPayment(visitor.id, 'pay-c'))?.id).toBe(general.id);
      await storage.conversations.update(general.id, { payment: null });
      expect(await storage.conversations.openForPayment(visitor.id, 'pay-c')).toBeUndefined();
      // An ended conversation is not resumed.
      await storage.conversations.update(b.id, { status: 'resolved' });
      expect(await storage.conversations.openForPayment(visitor.id, 'pay-b')).toBeUndefined();

      await tick();
      await storage.conversations.update(a.id, { agentReadSeq: 0 });
      const open = await storage.conversations.listOpenForVisitor(visitor.id, 10);
      // Latest activity first; the resolved one and the other visitor's are left out.
      expect(open.map((c) => c.id)).toEqual([a.id, general.id]);
      expect((await storage.conversations.listOpenForVisitor(visitor.id, 1)).map((c) => c.id)).toEqual([
        a.id,
      ]);
    });

    it('moves an anonymous visitor’s conversations to the identified visitor', async () => {
      const m = await merchant();
      const anonymous = await storage.visitors.create(m.id);
      const identified = await storage.visitors.upsertIdentified(m.id, 'user-9');
      const conversation = await conversationOf(m, anonymous);
      await storage.conversations.moveToVisitor(anonymous.id, identified.id);
      expect((await storage.conversations.findById(conversation.id))?.visitorId).toBe(identified.id);
      expect(await storage.conversations.listForVisitor(anonymous.id)).toEqual([]);
    });

    it('lists newest activity first, filtered by status and topic, page by page without repeats', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const c = await conversationOf(m);
        ids.push(c.id);
        // Some share a millisecond, some do not: the cursor must handle both.
        if (i % 2) await tick();
      }
      await conversationOf(other);
      await tick();
      await storage.conversations.update(ids[2]!, { status: 'resolved' });

      const seen: ConversationRecord[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const result = await storage.conversations.list(m.id, { limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen.map((c) => c.id).sort()).toEqual([...ids].sort());
      expect(seen[0]!.id).toBe(ids[2]); // updated last
      for (let i = 1; i < seen.length; i += 1)
        expect(seen[i - 1]!.updatedAt >= seen[i]!.updatedAt).toBe(true);

      const resolved = await storage.conversations.list(m.id, { status: 'resolved', limit: 10 });
      expect(resolved).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
      expect((await storage.conversations.list(m.id, { topic: 'refund', limit: 10 })).items).toEqual([]);
      expect((await storage.conversations.list(m.id, { topic: 'payment', limit: 10 })).items).toHaveLength(7);
    });

    it('searches visitor name, email, user id and message text, ignoring case and treating % and _ literally', async () => {
      const m = await merchant();
      const named = await storage.visitors.create(m.id);
      await storage.visitors.update(named.id, { name: 'Zhang Wei', email: 'Wei@Example.com' });
      const byName = await conversationOf(m, named);
      const byUser = await conversationOf(m, await storage.visitors.upsertIdentified(m.id, 'Member-42'));
      const byText = await conversationOf(m);
      await storage.messages.append(visitorMessage(byText, 'c1', '我的付款失败了 100%_done'));
      const none = await conversationOf(m);
      await storage.messages.append(visitorMessage(none, 'c2', 'hello 100 xdone'));

      const search = async (query: string) =>
        (await storage.conversations.list(m.id, { query, limit: 10 })).items.map((c) => c.id).sort();
      expect(await search('zhang')).toEqual([byName.id]);
      expect(await search('WEI@EXAMPLE')).toEqual([byName.id]);
      expect(await search('member-4')).toEqual([byUser.id]);
      expect(await search('付款失败')).toEqual([byText.id]);
      expect(await search('100%_d')).toEqual([byText.id]);
      expect(await search('%')).toEqual([byText.id]);
      expect(await search('nothing like this')).toEqual([]);
    });

    it('counts active conversations per agent', async () => {
      const m = await merchant();
      const [ann, bob] = [await agentOf(m, 'ann@x.test'), await agentOf(m, 'bob@x.test')];
      for (const [agent, status] of [
        [ann, 'assigned'],
        [ann, 'assigned'],
        [ann, 'resolved'],
        [bob, 'assigned'],
      ] as const) {
        const c = await conversationOf(m);
        await storage.conversations.update(c.id, { status, assigneeId: agent.id });
      }
      await conversationOf(m);
      expect(await storage.conversations.activeCountByAgent(m.id)).toEqual(
        new Map([
          [ann.id, 2],
          [bob.id, 1],
        ]),
      );
    });

    it('assigns round-robin to the least loaded agent with room, only once', async () => {
      const m = await merchant();
      const [ann, bob] = [await agentOf(m, 'ann@x.test'), await agentOf(m, 'bob@x.test')];
      const busy = await conversationOf(m);
      await storage.conversations.update(busy.id, { status: 'assigned', assigneeId: ann.id });
      const next = await conversationOf(m);
      const assigned = await storage.conversations.assignLeastLoaded(next.id, [ann.id, bob.id], 1);
      expect(assigned).toMatchObject({ id: next.id, status: 'assigned', assigneeId: bob.id });
      // Taken already: not reassigned.
      expect(await storage.conversations.assignLeastLoaded(next.id, [ann.id, bob.id], 5)).toBeUndefined();
      // Everyone full.
      const third = await conversationOf(m);
      expect(await storage.conversations.assignLeastLoaded(third.id, [ann.id, bob.id], 1)).toBeUndefined();
      expect((await storage.conversations.findById(third.id))?.status).toBe('open');
      expect(await storage.conversations.assignLeastLoaded(third.id, [], 5)).toBeUndefined();
    });

    it('never overfills an agent when nodes assign at once', async () => {
      const m = await merchant();
      const agents = [await agentOf(m, 'ann@x.test'), await agentOf(m, 'bob@x.test')];
      const conversations = await Promise.all(Array.from({ length: 8 }, () => conversationOf(m)));
      const all = await nodes(conversations.length);
      const results = await Promise.all(
        conversations.map((c, i) =>
          all[i]!.conversations.assignLeastLoaded(
            c.id,
            agents.map((a) => a.id),
            2,
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(4);
      expect(await storage.conversations.activeCountByAgent(m.id)).toEqual(
        new Map(agents.map((a) => [a.id, 2])),
      );
    });
  });

  describe('messages', () => {
    it('numbers messages from 1 without gaps and tracks who waits', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@x.test');
      const conversation = await conversationOf(m);
      const first = await storage.messages.append(visitorMessage(conversation, 'v1', 'hello'));
      expect(first.duplicate).toBe(false);
      expect(first.message).toMatchObject({
        seq: 1,
        clientId: 'v1',
        authorType: 'visitor',
        text: 'hello',
        internal: false,
        redacted: false,
        attachments: [],
        sources: [],
      });
      expect(first.conversation.lastSeq).toBe(1);
      const waitingSince = first.conversation.waitingSince;
      expect(waitingSince).toBe(first.message.createdAt);
      await tick();
      const second = await storage.messages.append(visitorMessage(conversation, 'v2'));
      expect(second.message.seq).toBe(2);
      expect(second.conversation.waitingSince).toBe(waitingSince);
      const note = await storage.messages.append(agentMessage(conversation, agent.id, 'n1', true));
      expect(note.message).toMatchObject({ seq: 3, internal: true });
      expect(note.conversation.waitingSince).toBe(waitingSince);
      const reply = await storage.messages.append(agentMessage(conversation, agent.id, 'a1'));
      expect(reply.message.seq).toBe(4);
      expect(reply.conversation.waitingSince).toBeNull();
      expect((await storage.conversations.findById(conversation.id))?.lastSeq).toBe(4);
      // Each conversation counts on its own.
      const other = await conversationOf(m);
      expect((await storage.messages.append(visitorMessage(other, 'v1'))).message.seq).toBe(1);
    });

    it('stores a resend once, and refuses the same client id with another text', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const sent = await storage.messages.append(visitorMessage(conversation, 'same', 'hi'));
      const again = await storage.messages.append(visitorMessage(conversation, 'same', 'hi'));
      expect(again.duplicate).toBe(true);
      expect(again.message).toEqual(sent.message);
      expect(again.conversation.lastSeq).toBe(1);
      await expect(
        storage.messages.append(visitorMessage(conversation, 'same', 'other')),
      ).rejects.toBeInstanceOf(ClientIdConflictError);
      // A client id is per sender: someone else may use it.
      const agent = await agentOf(m, 'ann@x.test');
      expect((await storage.messages.append(agentMessage(conversation, agent.id, 'same'))).message.seq).toBe(
        2,
      );
      expect(await storage.messages.findByClientId('visitor', conversation.visitorId, 'same')).toEqual(
        sent.message,
      );
      expect(
        await storage.messages.findByClientId('visitor', conversation.visitorId, 'nope'),
      ).toBeUndefined();
    });

    it('replays after a seq in order, with or without internal notes, and pages the latest', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@x.test');
      const conversation = await conversationOf(m);
      for (let i = 1; i <= 6; i += 1) {
        await storage.messages.append(
          i === 3
            ? agentMessage(conversation, agent.id, `n${i}`, true)
            : visitorMessage(conversation, `v${i}`),
        );
      }
      const seqs = (list: { seq: number }[]) => list.map((message) => message.seq);
      expect(seqs(await storage.messages.listAfter(conversation.id, 0, 100, true))).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      expect(seqs(await storage.messages.listAfter(conversation.id, 2, 100, false))).toEqual([4, 5, 6]);
      expect(seqs(await storage.messages.listAfter(conversation.id, 1, 2, true))).toEqual([2, 3]);
      expect(seqs(await storage.messages.listAfter(conversation.id, 6, 100, true))).toEqual([]);
      expect(seqs(await storage.messages.listLatest(conversation.id, 3, true))).toEqual([4, 5, 6]);
      expect(seqs(await storage.messages.listLatest(conversation.id, 4, false))).toEqual([2, 4, 5, 6]);
      expect(await storage.messages.countVisitorMessagesAfter(conversation.id, 0)).toBe(5);
      expect(await storage.messages.countVisitorMessagesAfter(conversation.id, 3)).toBe(3);
      expect(await storage.messages.countVisitorMessagesAfter(conversation.id, 6)).toBe(0);
    });

    it('counts the replies a visitor has not read: not their own, not internal notes', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@x.test');
      const conversation = await conversationOf(m);
      await storage.messages.append(visitorMessage(conversation, 'v1'));
      await storage.messages.append(agentMessage(conversation, agent.id, 'a2'));
      await storage.messages.append(agentMessage(conversation, agent.id, 'n3', true));
      await storage.messages.append(visitorMessage(conversation, 'v4'));
      await storage.messages.append(agentMessage(conversation, agent.id, 'a5'));
      expect(await storage.messages.countRepliesAfter(conversation.id, 0)).toBe(2);
      expect(await storage.messages.countRepliesAfter(conversation.id, 2)).toBe(1);
      expect(await storage.messages.countRepliesAfter(conversation.id, 5)).toBe(0);
    });

    it('moves the sender’s unused attachments onto a message; anything else fails without using a seq', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const upload = (uploaderId: string, name = 'receipt.pdf') =>
        storage.attachments.create({
          merchantId: m.id,
          uploaderType: 'visitor',
          uploaderId,
          name,
          contentType: 'application/pdf',
          size: 12_345,
        });
      const a = await upload(conversation.visitorId, 'a.pdf');
      const b = await upload(conversation.visitorId, 'b.pdf');
      expect(await storage.attachments.findById(a.id)).toEqual({ ...a, messageId: null });
      expect(a).toMatchObject({ size: 12_345, contentType: 'application/pdf', uploaderType: 'visitor' });

      const sent = await storage.messages.append({
        ...visitorMessage(conversation, 'with-files', ''),
        attachmentIds: [a.id, b.id],
      });
      expect(sent.message.attachments.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
      expect((await storage.attachments.findById(a.id))?.messageId).toBe(sent.message.id);
      expect((await storage.messages.listAfter(conversation.id, 0, 10, false))[0]!.attachments).toHaveLength(
        2,
      );

      const someoneElses = await upload('another-visitor');
      for (const attachmentIds of [[a.id], [someoneElses.id], ['missing']]) {
        await expect(
          storage.messages.append({
            ...visitorMessage(conversation, `bad-${attachmentIds[0]}`),
            attachmentIds,
          }),
        ).rejects.toBeInstanceOf(AttachmentUnavailableError);
      }
      // The failed sends rolled back: the next message is 2, and nothing half-stored remains.
      expect((await storage.messages.append(visitorMessage(conversation, 'next'))).message.seq).toBe(2);
      expect(
        await storage.messages.findByClientId('visitor', conversation.visitorId, `bad-${a.id}`),
      ).toBeUndefined();
    });

    it('gives 50 concurrent sends into one conversation the seqs 1..50', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const all = await nodes(3);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          all[i % 3]!.messages.append(visitorMessage(conversation, `c${i}`)),
        ),
      );
      expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect((await storage.conversations.findById(conversation.id))?.lastSeq).toBe(50);
      const stored = await storage.messages.listAfter(conversation.id, 0, 100, true);
      expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('stores one message when the same client id is sent many times at once', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const all = await nodes(3);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          all[i % 3]!.messages.append(visitorMessage(conversation, 'resend', 'once')),
        ),
      );
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(results.every((r) => r.message.seq === 1)).toBe(true);
      expect((await storage.conversations.findById(conversation.id))?.lastSeq).toBe(1);
      // And the conversation goes on from there without a gap.
      expect((await storage.messages.append(visitorMessage(conversation, 'after'))).message.seq).toBe(2);
    });

    it('stores the good messages of a burst and fails the bad ones alone, without using their seqs', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      await storage.messages.append(visitorMessage(conversation, 'taken', 'first words'));
      // Sent at once, so a store that groups writes puts them in one transaction: a conflict and an
      // unknown attachment in the middle must not take the others down, nor leave a gap.
      const outcomes = await Promise.allSettled([
        storage.messages.append(visitorMessage(conversation, 'a')),
        storage.messages.append(visitorMessage(conversation, 'taken', 'other words')),
        storage.messages.append(visitorMessage(conversation, 'b')),
        storage.messages.append({ ...visitorMessage(conversation, 'c'), attachmentIds: ['no-such-file'] }),
        storage.messages.append(visitorMessage(conversation, 'd')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ClientIdConflictError);
      expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(AttachmentUnavailableError);
      const stored = await storage.messages.listAfter(conversation.id, 0, 100, true);
      // Gapless, and only the good ones (Postgres may number a burst in any order).
      expect(stored.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
      expect(stored.map((message) => message.clientId).sort()).toEqual(['a', 'b', 'd', 'taken']);
      expect((await storage.conversations.findById(conversation.id))?.lastSeq).toBe(4);
    });

    it("stores a visitor's message only in their own conversation that has not ended, checked as it is written", async () => {
      const m = await merchant();
      const open = await conversationOf(m);
      const someoneElses = await conversationOf(m);
      const ended = await conversationOf(m);
      await storage.conversations.update(ended.id, { status: 'resolved' });
      const mine = (conversation: ConversationRecord, clientId: string): NewMessage => ({
        ...visitorMessage(conversation, clientId),
        onlyForVisitor: conversation.visitorId,
      });
      // Together, so a store that groups writes puts the refused ones in the batch of the good ones.
      const outcomes = await Promise.allSettled([
        storage.messages.append(mine(open, 'ok-1')),
        storage.messages.append({ ...mine(someoneElses, 'theirs'), onlyForVisitor: open.visitorId }),
        storage.messages.append(mine(ended, 'late')),
        storage.messages.append({ ...mine(open, 'nowhere'), conversationId: 'no-such-conversation' }),
        storage.messages.append({ ...mine(open, 'not-mine'), onlyForVisitor: someoneElses.visitorId }),
        storage.messages.append(mine(open, 'ok-2')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
        'rejected',
        'rejected',
        'fulfilled',
      ]);
      for (const refused of outcomes.slice(1, 5)) {
        expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConversationUnavailableError);
      }
      expect(
        (await storage.messages.listAfter(open.id, 0, 10, true)).map((x) => [x.seq, x.clientId]),
      ).toEqual([
        [1, 'ok-1'],
        [2, 'ok-2'],
      ]);
      expect((await storage.conversations.findById(open.id))?.lastSeq).toBe(2);
      for (const untouched of [someoneElses, ended]) {
        expect(await storage.messages.listAfter(untouched.id, 0, 10, true)).toEqual([]);
        expect((await storage.conversations.findById(untouched.id))?.lastSeq).toBe(0);
      }
      // Alone (Postgres writes a batch of one with a statement of its own).
      await expect(storage.messages.append(mine(ended, 'alone'))).rejects.toBeInstanceOf(
        ConversationUnavailableError,
      );
      await expect(
        storage.messages.append({ ...mine(someoneElses, 'alone-theirs'), onlyForVisitor: open.visitorId }),
      ).rejects.toBeInstanceOf(ConversationUnavailableError);
      expect((await storage.messages.append(mine(open, 'alone-ok'))).message.seq).toBe(3);
      // One client id twice at once to an ended conversation: each copy hears the refusal.
      const twice = await Promise.allSettled([
        storage.messages.append(mine(ended, 'twice')),
        storage.messages.append(mine(ended, 'twice')),
      ]);
      for (const copy of twice) {
        expect((copy as PromiseRejectedResult).reason).toBeInstanceOf(ConversationUnavailableError);
      }
      // The same guard on the path that claims attachments (a transaction of its own on Postgres).
      const upload = await storage.attachments.create({
        merchantId: m.id,
        uploaderType: 'visitor',
        uploaderId: ended.visitorId,
        name: 'receipt.png',
        contentType: 'image/png',
        size: 10,
      });
      await expect(
        storage.messages.append({ ...mine(ended, 'with-file'), attachmentIds: [upload.id] }),
      ).rejects.toBeInstanceOf(ConversationUnavailableError);
      expect((await storage.attachments.findById(upload.id))?.messageId).toBeNull();
    });

    it('writes messages that arrive together across conversations as one batch, numbered in arrival order', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@x.test');
      const [a, b, c] = [await conversationOf(m), await conversationOf(m), await conversationOf(m)];
      await storage.messages.append(visitorMessage(a, 'a0'));
      const waitingA = (await storage.conversations.findById(a.id))!.waitingSince;
      await tick();
      let queries = 0;
      const stop = storage.observeQueries(() => {
        queries += 1;
      });
      const burst = [
        visitorMessage(a, 'a1'),
        visitorMessage(b, 'b1'),
        agentMessage(a, agent.id, 'a2'),
        agentMessage(c, agent.id, 'c1', true),
        visitorMessage(a, 'a3'),
        visitorMessage(b, 'b2'),
      ];
      const results = await Promise.all(burst.map((input) => storage.messages.append(input)));
      stop();
      // One statement on Postgres; on SQLite one transaction without a savepoint per message.
      expect(queries).toBeLessThanOrEqual(storage.dialect === 'postgres' ? 1 : 2 + 2 * burst.length);
      expect(results.map((r) => [r.message.clientId, r.message.seq, r.duplicate])).toEqual([
        ['a1', 2, false],
        ['b1', 1, false],
        ['a2', 3, false],
        ['c1', 1, false],
        ['a3', 4, false],
        ['b2', 2, false],
      ]);
      // Each sender hears its conversation as of its own message, as if written one after another.
      const at = (i: number) => results[i]!.message.createdAt;
      expect(results.map((r) => [r.conversation.lastSeq, r.conversation.waitingSince])).toEqual([
        [2, waitingA],
        [1, at(1)],
        [3, null],
        [1, null],
        [4, at(4)],
        [2, at(1)],
      ]);
      const stored = async (id: string) => ({
        seqs: (await storage.messages.listAfter(id, 0, 10, true)).map((x) => `${x.seq}:${x.clientId}`),
        conversation: await storage.conversations.findById(id),
      });
      const [storedA, storedB, storedC] = [await stored(a.id), await stored(b.id), await stored(c.id)];
      expect(storedA.seqs).toEqual(['1:a0', '2:a1', '3:a2', '4:a3']);
      expect(storedB.seqs).toEqual(['1:b1', '2:b2']);
      expect(storedC.seqs).toEqual(['1:c1']);
      expect(storedA.conversation).toMatchObject({ lastSeq: 4, waitingSince: at(4), updatedAt: at(4) });
      expect(storedB.conversation).toMatchObject({ lastSeq: 2, waitingSince: at(1) });
      expect(storedC.conversation).toMatchObject({ lastSeq: 1, waitingSince: null });
      // A reply last in its batch ends the wait.
      const [, reply] = await Promise.all([
        storage.messages.append(visitorMessage(b, 'b3')),
        storage.messages.append(agentMessage(b, agent.id, 'b4')),
      ]);
      expect(reply.conversation).toMatchObject({ lastSeq: 4, waitingSince: null });
      expect((await storage.conversations.findById(b.id))?.waitingSince).toBeNull();
    });

    it('answers a resend inside a batch with the stored message, and the same client id twice in a batch once', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const other = await conversationOf(m);
      const first = await storage.messages.append(visitorMessage(conversation, 'stored', 'hello'));
      const results = await Promise.all([
        storage.messages.append(visitorMessage(conversation, 'x1')),
        storage.messages.append(visitorMessage(conversation, 'stored', 'hello')),
        storage.messages.append(visitorMessage(other, 'twice', 'same words')),
        storage.messages.append(visitorMessage(other, 'twice', 'same words')),
        storage.messages.append(visitorMessage(conversation, 'x2')),
      ]);
      expect(results.map((r) => [r.message.clientId, r.message.seq, r.duplicate])).toEqual([
        ['x1', 2, false],
        ['stored', 1, true],
        ['twice', 1, false],
        ['twice', 1, true],
        ['x2', 3, false],
      ]);
      expect(results[1]!.message).toEqual(first.message);
      expect(results[3]!.message).toEqual(results[2]!.message);
      expect((await storage.conversations.findById(conversation.id))?.lastSeq).toBe(3);
      expect((await storage.conversations.findById(other.id))?.lastSeq).toBe(1);
    });

    it('reads the latest message and the unread count as of a given seq', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      for (const id of ['u1', 'u2', 'u3']) await storage.messages.append(visitorMessage(conversation, id));
      expect(await storage.messages.countVisitorMessagesAfter(conversation.id, 0)).toBe(3);
      expect(await storage.messages.countVisitorMessagesAfter(conversation.id, 0, 2)).toBe(2);
      expect((await storage.messages.listLatest(conversation.id, 1, false, 2)).map((m) => m.seq)).toEqual([
        2,
      ]);
      expect((await storage.messages.listLatest(conversation.id, 1, false)).map((m) => m.seq)).toEqual([3]);
    });

    it('fails one bad input of a batch alone: the others commit, gapless', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const outcomes = await Promise.allSettled([
        storage.messages.append(visitorMessage(conversation, 'ok1')),
        storage.messages.append({
          ...visitorMessage(conversation, 'ghost'),
          conversationId: 'no-such-conversation',
        }),
        storage.messages.append(visitorMessage(conversation, 'ok2')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const stored = await storage.messages.listAfter(conversation.id, 0, 10, true);
      expect(stored.map((x) => `${x.seq}:${x.clientId}`)).toEqual(['1:ok1', '2:ok2']);
      expect(
        await storage.messages.findByClientId('visitor', conversation.visitorId, 'ghost'),
      ).toBeUndefined();
    });

    it('keeps every message of bursts racing on several nodes with one shared client id, once', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const all = await nodes(3);
      const results = await Promise.all(
        all.flatMap((node, n) => [
          node.messages.append(visitorMessage(conversation, `own-${n}-1`)),
          node.messages.append(visitorMessage(conversation, 'shared', 'raced')),
          node.messages.append(visitorMessage(conversation, `own-${n}-2`)),
        ]),
      );
      expect(results.filter((r) => r.message.clientId === 'shared' && !r.duplicate)).toHaveLength(1);
      const stored = await storage.messages.listAfter(conversation.id, 0, 20, true);
      expect(stored.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(stored.map((x) => x.clientId).sort()).toEqual(
        ['own-0-1', 'own-0-2', 'own-1-1', 'own-1-2', 'own-2-1', 'own-2-2', 'shared'].sort(),
      );
    });
  });

  describe('waiting since (the protocol rule, on both append paths)', () => {
    // Without attachments Postgres appends in one statement, with them in a transaction (SQLite: the group
    // commit either way); only people upload, so the attachment path runs the visitor and agent rows.
    for (const withAttachment of [false, true]) {
      const cases = WAITING_SINCE_CASES.filter(
        (c) => !withAttachment || c.author === 'visitor' || c.author === 'agent',
      );
      it.each(cases)(`$name${withAttachment ? ' (with an attachment)' : ''}`, async (c) => {
        const m = await merchant();
        const conversation = await conversationOf(m);
        let earlier: string | null = null;
        if (c.waiting) {
          earlier = (await storage.messages.append(visitorMessage(conversation, 'first'))).conversation
            .waitingSince;
          expect(earlier).not.toBeNull();
          await tick();
        }
        const authorId =
          c.author === 'visitor'
            ? conversation.visitorId
            : c.author === 'agent'
              ? (await agentOf(m, 'ann@x.test')).id
              : `${c.author}:${m.id}`;
        const attachmentIds = withAttachment
          ? [
              (
                await storage.attachments.create({
                  merchantId: m.id,
                  uploaderType: c.author === 'visitor' ? 'visitor' : 'agent',
                  uploaderId: authorId,
                  name: 'receipt.pdf',
                  contentType: 'application/pdf',
                  size: 10,
                })
              ).id,
            ]
          : [];
        const { message, conversation: after } = await storage.messages.append({
          conversationId: conversation.id,
          clientId: 'case',
          authorType: c.author,
          authorId,
          authorName: null,
          text: 'the message',
          internal: c.internal,
          redacted: false,
          attachmentIds,
        });
        const expected =
          c.expected === 'earlier' ? earlier : c.expected === 'this' ? message.createdAt : null;
        expect(after.waitingSince).toBe(expected);
        expect((await storage.conversations.findById(conversation.id))?.waitingSince).toBe(expected);
        // The console applies the same function to `message:new`.
        expect(
          nextWaitingSince(earlier, {
            author: { type: c.author },
            internal: c.internal,
            createdAt: message.createdAt,
          }),
        ).toBe(expected);
      });
    }
  });

  describe('assistant (0009)', () => {
    it('keeps sources on messages, the assistant state and hand-off on conversations', async () => {
      const m = await merchant();
      const conversation = await storage.conversations.create({
        merchantId: m.id,
        visitorId: (await storage.visitors.create(m.id)).id,
        topic: null,
        flagged: false,
        offline: false,
        context: {},
        payment: null,
        assistant: 'answering',
      });
      expect(conversation).toMatchObject({ assistant: 'answering', handoff: null });
      // Conversations made before the assistant existed, or without it, are 'off'.
      expect((await conversationOf(m)).assistant).toBe('off');
      const question = await storage.messages.append(visitorMessage(conversation, 'q1', 'refund?'));
      expect(question.message.sources).toEqual([]);
      const sources = [{ slug: 'refunds', title: 'Refunds', locale: 'en' }];
      const reply = await storage.messages.append({
        conversationId: conversation.id,
        clientId: `assistant-${question.message.id}`,
        authorType: 'bot',
        authorId: `assistant:${m.id}`,
        authorName: 'Helper',
        text: 'Refunds take 5 days.',
        internal: false,
        redacted: false,
        attachmentIds: [],
        sources,
      });
      expect(reply.message).toMatchObject({ seq: 2, authorType: 'bot', authorName: 'Helper', sources });
      expect((await storage.messages.listAfter(conversation.id, 0, 10, false)).map((x) => x.sources)).toEqual(
        [[], sources],
      );
      const at = new Date().toISOString();
      const handed = await storage.conversations.update(conversation.id, {
        assistant: 'handed_off',
        handoff: { reason: 'visitor_asked', at },
        offline: true,
      });
      expect(handed).toMatchObject({
        assistant: 'handed_off',
        handoff: { reason: 'visitor_asked', at },
        offline: true,
      });
    });

    it('records replies once, with feedback, counts, and report rows', async () => {
      const m = await merchant();
      const agent = await agentOf(m, 'ann@x.test');
      const conversation = await conversationOf(m);
      const replies = [];
      for (const [i, answered] of [true, false].entries()) {
        const question = await storage.messages.append(
          visitorMessage(conversation, `q${i}`, `question ${i}`),
        );
        const reply = await storage.messages.append({
          ...agentMessage(conversation, agent.id, `a${i}`),
          authorType: 'bot' as const,
          authorId: `assistant:${m.id}`,
        });
        const record = {
          messageId: reply.message.id,
          merchantId: m.id,
          conversationId: conversation.id,
          question: question.message.text,
          answered,
          answerer: 'builtin' as const,
          createdAt: reply.message.createdAt,
        };
        await storage.assistant.recordReply(record);
        // Recording again (another node answering the same question) keeps one row.
        await storage.assistant.recordReply(record);
        replies.push(reply.message);
      }
      expect(await storage.assistant.countForConversation(conversation.id)).toBe(2);
      const since = new Date(Date.now() - 60_000).toISOString();
      expect(await storage.assistant.countForMerchantSince(m.id, 'builtin', since)).toBe(2);
      expect(await storage.assistant.countForMerchantSince(m.id, 'model', since)).toBe(0);
      expect(await storage.assistant.setFeedback(replies[0]!.id, false)).toBe(true);
      expect(await storage.assistant.setFeedback(replies[0]!.id, true)).toBe(true);
      expect(await storage.assistant.setFeedback('no-such-message', true)).toBe(false);
      expect(await storage.assistant.findReply(replies[0]!.id)).toMatchObject({
        helpful: true,
        answered: true,
      });
      expect(await storage.assistant.findReply(replies[1]!.id)).toMatchObject({
        helpful: null,
        answered: false,
      });
      expect(await storage.assistant.feedbackFor([replies[0]!.id, replies[1]!.id, 'other'])).toEqual(
        new Map([[replies[0]!.id, true]]),
      );
      expect(await storage.assistant.feedbackFor([])).toEqual(new Map());

      const until = new Date(Date.now() + 60_000).toISOString();
      let rows = await storage.assistant.listForReport(m.id, since, until);
      expect(rows.map((r) => [r.question, r.answered, r.agentReplied, r.conversationStatus])).toEqual([
        ['question 0', true, false, 'open'],
        ['question 1', false, false, 'open'],
      ]);
      // A person writing (not a note) is seen by the report.
      await storage.messages.append(agentMessage(conversation, agent.id, 'note', true));
      expect((await storage.assistant.listForReport(m.id, since, until))[0]!.agentReplied).toBe(false);
      await storage.messages.append(agentMessage(conversation, agent.id, 'human'));
      rows = await storage.assistant.listForReport(m.id, since, until);
      expect(rows.every((r) => r.agentReplied)).toBe(true);
      expect(await storage.assistant.listForReport(m.id, until, until.replace(/^\d{4}/, '2999'))).toEqual([]);
    });
  });

  describe('email outbox (0010)', () => {
    const MAIL = {
      to: 'buyer@example.com',
      subject: 's',
      text: 't',
      html: '<p>t</p>',
      replyTo: 'reply+x@in.example',
      headers: { 'List-Unsubscribe': '<https://x>' },
    };
    const collect = (conversation: ConversationRecord, dueAt: string) =>
      storage.email.collect({
        merchantId: conversation.merchantId,
        conversationId: conversation.id,
        dueAt,
        messageIdDomain: 'in.example',
        maxWaitMs: 600_000,
      });
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();

    it('keeps one collecting row per burst, claims it once across nodes, and marks the replies it sent', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const agent = await agentOf(m, `email-${Math.random()}@shop.example`);
      await storage.messages.append(visitorMessage(conversation, 'q1'));
      await storage.messages.append(agentMessage(conversation, agent.id, 'a1'));
      await storage.messages.append(agentMessage(conversation, agent.id, 'n1', true));
      await storage.messages.append(agentMessage(conversation, agent.id, 'a2'));
      // Nodes collecting the same burst at once make one row, due at the latest reply's time.
      const ns = await nodes(3);
      await Promise.all(
        ns.map((node, i) =>
          node.email.collect({
            merchantId: m.id,
            conversationId: conversation.id,
            dueAt: later(-1000 + i),
            messageIdDomain: 'in.example',
            maxWaitMs: 600_000,
          }),
        ),
      );
      expect(await storage.email.list(conversation.id)).toHaveLength(1);
      const claims = await Promise.all(
        ns.map((node) => node.email.claimDue({ now: later(0), leaseUntil: later(60_000), limit: 10 })),
      );
      const mine = claims.flat().filter((claim) => claim.conversationId === conversation.id);
      expect(mine).toHaveLength(1);
      const claim = mine[0]!;
      expect(claim).toMatchObject({ collecting: true, mail: null, status: 'pending' });
      expect(claim.messageId).toMatch(/^reply-[0-9a-f-]{36}@in\.example$/);
      expect(await storage.email.compose(claim, { afterSeq: 1, upToSeq: 4, mail: MAIL })).toBe(true);
      // Composing closed the burst: a new reply starts another row.
      await collect(conversation, later(60_000));
      expect(await storage.email.list(conversation.id)).toHaveLength(2);
      expect(await storage.email.lastMailedSeq(conversation.id)).toBe(4);
      expect(await storage.email.complete(claim, { status: 'sent', attempts: 1 })).toBe(true);
      // A claim used once cannot record again.
      expect(await storage.email.complete(claim, { status: 'sent', attempts: 2 })).toBe(false);
      const messages = await storage.messages.listAfter(conversation.id, 0, 10, true);
      expect(messages.map((x) => x.emailDelivery?.status)).toEqual([undefined, 'sent', undefined, 'sent']);
      const bounced = await storage.email.markBounced(claim.messageId);
      expect(bounced?.status).toBe('bounced');
      expect(await storage.email.markBounced('reply-unknown@in.example')).toBeUndefined();
      const after = await storage.messages.listAfter(conversation.id, 0, 10, true);
      expect(after.map((x) => x.emailDelivery?.status)).toEqual([undefined, 'bounced', undefined, 'bounced']);
    });

    it('keeps a failed attempt for its retry, gives back released claims, and records opt-outs', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      await collect(conversation, later(-1000));
      const [claim] = (
        await storage.email.claimDue({ now: later(0), leaseUntil: later(60_000), limit: 50 })
      ).filter((c) => c.conversationId === conversation.id);
      await storage.email.compose(claim!, { afterSeq: 0, upToSeq: 1, mail: MAIL });
      await storage.email.complete(claim!, {
        status: 'pending',
        attempts: 1,
        nextAttemptAt: later(-1),
        error: 'ECONNREFUSED',
      });
      const [retry] = (
        await storage.email.claimDue({ now: later(0), leaseUntil: later(60_000), limit: 50 })
      ).filter((c) => c.conversationId === conversation.id);
      expect(retry).toMatchObject({ attempts: 1, mail: MAIL, collecting: false, lastError: 'ECONNREFUSED' });
      await storage.email.release(retry!);
      const again = (
        await storage.email.claimDue({ now: later(0), leaseUntil: later(60_000), limit: 50 })
      ).filter((c) => c.conversationId === conversation.id);
      expect(again).toHaveLength(1);
      expect(await storage.email.optedOut(conversation.visitorId)).toBe(false);
      await storage.email.optOut(conversation.visitorId);
      expect(await storage.email.optedOut(conversation.visitorId)).toBe(true);
    });

    it('stores the channel of a message', async () => {
      const m = await merchant();
      const conversation = await conversationOf(m);
      const { message } = await storage.messages.append({
        ...visitorMessage(conversation, 'e1'),
        channel: 'email',
      });
      expect(message.channel).toBe('email');
      const [stored] = await storage.messages.listAfter(conversation.id, 0, 10, false);
      expect(stored?.channel).toBe('email');
      await storage.messages.append(visitorMessage(conversation, 'c1'));
      expect((await storage.messages.listAfter(conversation.id, 1, 10, false))[0]?.channel).toBeUndefined();
    });
  });

  describe('row mapping (one rule for flags, numbers and JSON)', () => {
    it('reads every flag back as a boolean, seqs and counts as numbers, JSON columns as values', async () => {
      const settings = { ...SETTINGS, greeting: { en: 'Hi' }, requireIdentity: true };
      const m = await merchant({ allowedOrigins: ['https://a.example', 'http://localhost:*'], settings });
      expect(await storage.merchants.findById(m.id)).toMatchObject({
        allowedOrigins: ['https://a.example', 'http://localhost:*'],
        settings,
      });
      const agent = await agentOf(m, 'ann@x.test');
      expect((await storage.agents.findById(agent.id))?.tokenVersion).toBe(0);
      const visitor = await storage.visitors.create(m.id);
      const context = { locale: 'en', attributes: { plan: 'pro', seats: 3, trial: false, note: null } };
      const created = await storage.conversations.create({
        merchantId: m.id,
        visitorId: visitor.id,
        topic: 'complaint',
        flagged: true,
        offline: true,
        context,
        payment: PAYMENT,
      });
      for (const conversation of [created, await storage.conversations.findById(created.id)]) {
        expect(conversation?.flagged).toBe(true);
        expect(conversation?.offline).toBe(true);
        expect(conversation?.lastSeq).toBe(0);
        expect(conversation?.context).toEqual(context);
        expect(conversation?.payment).toEqual(PAYMENT);
      }
      const updated = await storage.conversations.update(created.id, {
        offline: false,
        payment: null,
        rating: { score: 5 },
      });
      expect(updated).toMatchObject({ offline: false, flagged: true, payment: null, rating: { score: 5 } });

      // Both Postgres append paths (one statement; a transaction with an attachment) and SQLite's.
      const upload = await storage.attachments.create({
        merchantId: m.id,
        uploaderType: 'visitor',
        uploaderId: visitor.id,
        name: 'a.pdf',
        contentType: 'application/pdf',
        size: 2048,
      });
      const withFile = await storage.messages.append({
        ...visitorMessage(created, 'v1'),
        redacted: true,
        attachmentIds: [upload.id],
      });
      const note = await storage.messages.append(agentMessage(created, agent.id, 'n1', true));
      for (const { message, conversation } of [withFile, note]) {
        expect(typeof message.seq).toBe('number');
        expect(typeof conversation.lastSeq).toBe('number');
        expect(conversation.lastSeq).toBe(message.seq);
      }
      expect(withFile.message).toMatchObject({ internal: false, redacted: true, sources: [] });
      expect(withFile.message.attachments[0]?.size).toBe(2048);
      expect(note.message).toMatchObject({ internal: true, redacted: false });
      const listed = await storage.messages.listAfter(created.id, 0, 10, true);
      expect(listed.map((x) => [x.seq, x.internal, x.redacted])).toEqual([
        [1, false, true],
        [2, true, false],
      ]);
      expect(await storage.messages.countVisitorMessagesAfter(created.id, 0)).toBe(1);

      await storage.articles.upsert(article(m, { published: false, keywords: ['money back'] }));
      expect(await storage.articles.list(m.id, { publishedOnly: false })).toMatchObject([
        { published: false, tags: ['refund', 'money'], keywords: ['money back'] },
      ]);
      expect(await storage.articles.count(m.id)).toBe(1);

      // A computed flag (`exists`) comes as 0/1 from SQLite and true/false from Postgres.
      const reply = await storage.messages.append({
        ...agentMessage(created, agent.id, 'bot1'),
        authorType: 'bot',
        authorId: `assistant:${m.id}`,
      });
      await storage.assistant.recordReply({
        messageId: reply.message.id,
        merchantId: m.id,
        conversationId: created.id,
        question: 'refund?',
        answered: false,
        answerer: 'builtin',
        createdAt: reply.message.createdAt,
      });
      expect(await storage.assistant.findReply(reply.message.id)).toMatchObject({
        answered: false,
        helpful: null,
      });
      await storage.assistant.setFeedback(reply.message.id, false);
      expect((await storage.assistant.findReply(reply.message.id))?.helpful).toBe(false);
      const since = new Date(Date.now() - 60_000).toISOString();
      const until = new Date(Date.now() + 60_000).toISOString();
      expect((await storage.assistant.listForReport(m.id, since, until))[0]?.agentReplied).toBe(false);
      await storage.messages.append(agentMessage(created, agent.id, 'a1'));
      expect((await storage.assistant.listForReport(m.id, since, until))[0]?.agentReplied).toBe(true);

      const hook = await storage.webhooks.create({
        merchantId: m.id,
        url: 'https://hooks.example/x',
        events: ['message.created', 'conversation.resolved'],
        secret: 's',
      });
      expect((await storage.webhooks.findById(hook.id))?.events).toEqual([
        'message.created',
        'conversation.resolved',
      ]);
      await storage.webhooks.enqueue({
        eventId: 'evt-1',
        eventType: 'message.created',
        payload: '{}',
        webhookIds: [hook.id],
        visitorId: null,
      });
      expect(await storage.webhooks.listDeliveries(hook.id, 10)).toMatchObject([{ attempts: 0, log: [] }]);
    });
  });

  describe('attachment bytes', () => {
    it('stores bytes exactly, replaces them on a second put, and forgets them on delete', async () => {
      // Every byte value, including NUL and bytes that are not valid UTF-8.
      const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
      const id = '0b7e6f8c-1d2a-4c3b-9e4f-5a6b7c8d9e0f';
      await storage.attachmentBlobs.put(id, bytes);
      expect(await storage.attachmentBlobs.get(id)).toEqual(bytes);
      const [other] = await nodes(2).then((list) => list.slice(1));
      expect(await other!.attachmentBlobs.get(id)).toEqual(bytes);
      await storage.attachmentBlobs.put(id, Buffer.from('%PDF-1.4'));
      expect((await storage.attachmentBlobs.get(id))?.toString()).toBe('%PDF-1.4');
      await storage.attachmentBlobs.delete(id);
      expect(await storage.attachmentBlobs.get(id)).toBeUndefined();
      await storage.attachmentBlobs.delete(id);
    });
  });

  describe('canned replies', () => {
    it('lists by shortcut, and deletes only the merchant’s own', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const thanks = await storage.cannedReplies.create(m.id, 'thanks', '谢谢您的耐心');
      await storage.cannedReplies.create(m.id, 'Hello', 'Hi!');
      await storage.cannedReplies.create(m.id, 'bye', 'Bye!');
      await storage.cannedReplies.create(other.id, 'aaa', 'x');
      expect((await storage.cannedReplies.list(m.id)).map((r) => r.shortcut)).toEqual([
        'Hello',
        'bye',
        'thanks',
      ]);
      expect(thanks).toMatchObject({ merchantId: m.id, shortcut: 'thanks', text: '谢谢您的耐心' });
      expect(await storage.cannedReplies.delete(other.id, thanks.id)).toBe(false);
      expect(await storage.cannedReplies.delete(m.id, thanks.id)).toBe(true);
      expect(await storage.cannedReplies.delete(m.id, thanks.id)).toBe(false);
      expect(await storage.cannedReplies.list(m.id)).toHaveLength(2);
    });
  });

  describe('help articles', () => {
    it('upserts by merchant, slug and locale, keeping the id', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const id = await storage.articles.upsert(article(m));
      const same = await storage.articles.upsert(
        article(m, { title: 'Refunds, explained', tags: ['x'], published: false }),
      );
      expect(same).toBe(id);
      const zh = await storage.articles.upsert(article(m, { locale: 'zh-CN', title: '退款' }));
      expect(zh).not.toBe(id);
      expect(await storage.articles.upsert(article(other))).not.toBe(id);
      expect(await storage.articles.count(m.id)).toBe(2);
      expect(await storage.articles.findById(m.id, id)).toEqual({
        ...article(m, { title: 'Refunds, explained', tags: ['x'], published: false }),
        id,
      });
      expect(await storage.articles.findById(other.id, id)).toBeUndefined();
      expect((await storage.articles.findBySlug(m.id, 'refunds', 'zh-CN'))?.title).toBe('退款');
      expect(await storage.articles.findBySlug(m.id, 'refunds', 'zh-TW')).toBeUndefined();
    });

    it('stores search keywords; an update that leaves them out keeps them', async () => {
      const m = await merchant();
      const id = await storage.articles.upsert(article(m, { keywords: ['money back', '退钱'] }));
      expect((await storage.articles.findById(m.id, id))?.keywords).toEqual(['money back', '退钱']);
      const { keywords: _dropped, merchantId: _m, ...withoutKeywords } = article(m, { title: 'Refunds 2' });
      const kept = await storage.articles.update(m.id, id, withoutKeywords);
      expect(kept).toMatchObject({ title: 'Refunds 2', keywords: ['money back', '退钱'] });
      const replaced = await storage.articles.update(m.id, id, {
        ...withoutKeywords,
        keywords: ['chargeback'],
      });
      expect(replaced?.keywords).toEqual(['chargeback']);
      // A re-import without keywords (files written before keywords existed) clears them.
      await storage.articles.upsert(article(m, { keywords: [] }));
      expect((await storage.articles.findById(m.id, id))?.keywords).toEqual([]);
    });

    it('lists by category and slug, per locale and published only', async () => {
      const m = await merchant();
      await storage.articles.upsert(article(m, { slug: 'refunds', category: 'refunds' }));
      await storage.articles.upsert(article(m, { slug: 'b-account', category: 'account' }));
      await storage.articles.upsert(article(m, { slug: 'a-account', category: 'account', published: false }));
      await storage.articles.upsert(article(m, { slug: 'a-account', category: 'account', locale: 'zh-CN' }));
      const list = async (options: { locale?: string; publishedOnly: boolean }) =>
        (await storage.articles.list(m.id, options)).map((a) => `${a.slug}/${a.locale}`);
      expect(await list({ publishedOnly: false })).toEqual([
        'a-account/en',
        'a-account/zh-CN',
        'b-account/en',
        'refunds/en',
      ]);
      expect(await list({ locale: 'en', publishedOnly: true })).toEqual(['b-account/en', 'refunds/en']);
      expect(await list({ locale: 'zh-CN', publishedOnly: true })).toEqual(['a-account/zh-CN']);
    });

    it('changes the version key of a locale on add, edit and slug change, and only of that locale', async () => {
      const m = await merchant();
      const empty = await storage.articles.version(m.id, 'en');
      const id = await storage.articles.upsert(article(m));
      const added = await storage.articles.version(m.id, 'en');
      expect(added).not.toBe(empty);
      const zhBefore = await storage.articles.version(m.id, 'zh-CN');
      await storage.articles.upsert(article(m, { updatedAt: '2024-02-01T00:00:00.000Z' }));
      const edited = await storage.articles.version(m.id, 'en');
      expect(edited).not.toBe(added);
      expect(await storage.articles.version(m.id, 'zh-CN')).toBe(zhBefore);

      const updated = await storage.articles.update(m.id, id, {
        ...article(m),
        slug: 'refund-policy',
        updatedAt: '2024-03-01T00:00:00.000Z',
      });
      expect(updated).toMatchObject({ id, slug: 'refund-policy' });
      expect(await storage.articles.version(m.id, 'en')).not.toBe(edited);
      expect(await storage.articles.findBySlug(m.id, 'refunds', 'en')).toBeUndefined();
      expect(await storage.articles.update(m.id, 'missing', article(m))).toBeUndefined();
    });

    it('refuses to move an article onto a slug taken in that locale', async () => {
      const m = await merchant();
      const id = await storage.articles.upsert(article(m, { slug: 'one' }));
      await storage.articles.upsert(article(m, { slug: 'two' }));
      await expect(storage.articles.update(m.id, id, { ...article(m), slug: 'two' })).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect((await storage.articles.findById(m.id, id))?.slug).toBe('one');
    });

    it('counts views, votes and deflections per article and merchant', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const a = await storage.articles.upsert(article(m, { slug: 'a' }));
      const b = await storage.articles.upsert(article(m, { slug: 'b' }));
      const elsewhere = await storage.articles.upsert(article(other, { slug: 'a' }));
      for (const kind of [
        'view',
        'view',
        'view',
        'helpful',
        'not_helpful',
        'deflection',
        'deflection',
      ] as const)
        await storage.articles.recordEvent(m.id, a, kind);
      await storage.articles.recordEvent(m.id, b, 'helpful');
      await storage.articles.recordEvent(other.id, elsewhere, 'view');
      expect(await storage.articles.stats(m.id)).toEqual(
        new Map([
          [a, { views: 3, helpful: 1, notHelpful: 1, deflections: 2 }],
          [b, { views: 0, helpful: 1, notHelpful: 0, deflections: 0 }],
        ]),
      );
    });
  });

  describe('demo payments', () => {
    it('upserts by reference, finds with a lower-cased email, and lists a user’s newest first', async () => {
      const [m, other] = [await merchant(), await merchant()];
      const payment = (reference: string, createdAt: string, userId: string | null = 'user-1') => ({
        merchantId: m.id,
        reference,
        email: ' Buyer@Example.com ',
        userId,
        status: 'failed',
        reason: 'card_declined',
        amountMinor: 123_456_789,
        currency: 'CNY',
        cardBrand: 'visa',
        cardLast4: '4242',
        events: [{ type: 'failed', at: createdAt }],
        createdAt,
      });
      await storage.demoPayments.upsert(payment('p1', '2024-01-01T00:00:00.000Z'));
      await storage.demoPayments.upsert(payment('p2', '2024-03-01T00:00:00.000Z'));
      await storage.demoPayments.upsert(payment('p3', '2024-02-01T00:00:00.000Z'));
      await storage.demoPayments.upsert(payment('p4', '2024-04-01T00:00:00.000Z', null));
      await storage.demoPayments.upsert({ ...payment('p1', '2024-01-01T00:00:00.000Z'), status: 'refunded' });
      await storage.demoPayments.upsert({
        ...payment('p1', '2024-01-01T00:00:00.000Z'),
        merchantId: other.id,
      });

      expect(await storage.demoPayments.count(m.id)).toBe(4);
      expect(await storage.demoPayments.find(m.id, 'p1')).toEqual({
        ...payment('p1', '2024-01-01T00:00:00.000Z'),
        email: 'buyer@example.com',
        status: 'refunded',
      });
      expect(await storage.demoPayments.find(m.id, 'nope')).toBeUndefined();
      expect((await storage.demoPayments.listForUser(m.id, 'user-1', 2)).map((p) => p.reference)).toEqual([
        'p2',
        'p3',
      ]);
      expect(await storage.demoPayments.listForUser(m.id, 'user-2', 10)).toEqual([]);
    });
  });
}
