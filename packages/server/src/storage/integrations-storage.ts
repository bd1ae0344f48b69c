import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BotKeyTable, Database, WebhookDeliveryTable, WebhookTable } from './schema.js';
import type {
  BotRecord,
  ClaimedDelivery,
  IntegrationsStorage,
  WebhookAttempt,
  WebhookDeliveryRecord,
  WebhookEventType,
  WebhookRecord,
} from './types.js';

const now = () => new Date().toISOString();

// Portable on purpose (SQLite and Postgres): times are ISO text, which sorts as time does; JSON is
// text; no RETURNING on the claim, no SKIP LOCKED, no dialect-specific functions.

function toBot(row: BotKeyTable & { name: string }): BotRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    name: row.name,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function toWebhook(row: WebhookTable): WebhookRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    secret: row.secret,
    createdAt: row.created_at,
  };
}

function toDelivery(row: WebhookDeliveryTable): WebhookDeliveryRecord {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type as WebhookEventType,
    payload: row.payload,
    status: row.status as WebhookDeliveryRecord['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    log: JSON.parse(row.log) as WebhookAttempt[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createIntegrationsStorage(db: Kysely<Database>): IntegrationsStorage {
  const botQuery = () =>
    db
      .selectFrom('bot_keys')
      .innerJoin('agents', 'agents.id', 'bot_keys.id')
      .selectAll('bot_keys')
      .select('agents.name');

  return {
    bots: {
      async create(input) {
        const at = now();
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('agents')
            .values({
              id: input.id,
              merchant_id: input.merchantId,
              // Agents need a unique email; `.invalid` can never receive mail or match a login.
              email: `bot-${input.id}@bots.invalid`,
              name: input.name,
              role: 'bot',
              // Not a scrypt hash, so no password ever verifies against it.
              password_hash: '!bot',
              disabled_at: null,
              created_at: at,
              token_version: 0,
            })
            .execute();
          await trx
            .insertInto('bot_keys')
            .values({
              id: input.id,
              merchant_id: input.merchantId,
              key_hash: input.keyHash,
              created_at: at,
              last_used_at: null,
              revoked_at: null,
            })
            .execute();
        });
        return {
          id: input.id,
          merchantId: input.merchantId,
          name: input.name,
          keyHash: input.keyHash,
          createdAt: at,
          lastUsedAt: null,
          revokedAt: null,
        };
      },
      async findById(id) {
        const row = await botQuery().where('bot_keys.id', '=', id).executeTakeFirst();
        return row && toBot(row);
      },
      async findByIdPrefix(prefix) {
        // Ids are UUIDs: anything else cannot match, and LIKE wildcards never reach the query.
        if (!/^[0-9a-f-]+$/.test(prefix)) return [];
        const rows = await botQuery()
          .where('bot_keys.id', 'like', `${prefix}%`)
          .orderBy('bot_keys.created_at')
          .limit(20)
          .execute();
        return rows.map(toBot);
      },
      async list(merchantId) {
        const rows = await botQuery()
          .where('bot_keys.merchant_id', '=', merchantId)
          .orderBy('bot_keys.created_at')
          .execute();
        return rows.map(toBot);
      },
      async revoke(id) {
        const at = now();
        return db.transaction().execute(async (trx) => {
          const result = await trx
            .updateTable('bot_keys')
            .set({ revoked_at: at })
            .where('id', '=', id)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          await trx
            .updateTable('agents')
            .set({ disabled_at: at })
            .where('id', '=', id)
            .where('role', '=', 'bot')
            .where('disabled_at', 'is', null)
            .execute();
          if (Number(result.numUpdatedRows) > 0) return true;
          // Revoking twice is fine; revoking nothing is not.
          const found = await trx.selectFrom('bot_keys').select('id').where('id', '=', id).executeTakeFirst();
          return found !== undefined;
        });
      },
      async touch(id) {
        await db.updateTable('bot_keys').set({ last_used_at: now() }).where('id', '=', id).execute();
      },
    },
    webhooks: {
      async create(input) {
        const row: WebhookTable = {
          id: randomUUID(),
          merchant_id: input.merchantId,
          url: input.url,
          events: JSON.stringify(input.events),
          secret: input.secret,
          created_at: now(),
        };
        await db.insertInto('webhooks').values(row).execute();
        return toWebhook(row);
      },
      async findById(id) {
        const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toWebhook(row);
      },
      async list(merchantId) {
        let query = db.selectFrom('webhooks').selectAll();
        if (merchantId !== undefined) query = query.where('merchant_id', '=', merchantId);
        const rows = await query.orderBy('created_at').orderBy('id').execute();
        return rows.map(toWebhook);
      },
      async delete(id) {
        return db.transaction().execute(async (trx) => {
          // Explicit, so removal does not depend on the connection enforcing ON DELETE CASCADE.
          await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
          const result = await trx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
          return Number(result.numDeletedRows) > 0;
        });
      },
      async enqueue(event) {
        if (event.webhookIds.length === 0) return;
        const at = now();
        await db
          .insertInto('webhook_deliveries')
          .values(
            event.webhookIds.map((webhookId) => ({
              id: randomUUID(),
              webhook_id: webhookId,
              event_id: event.eventId,
              event_type: event.eventType,
              payload: event.payload,
              status: 'pending',
              attempts: 0,
              next_attempt_at: at,
              locked_until: null,
              lock_token: null,
              log: '[]',
              created_at: at,
              updated_at: at,
            })),
          )
          .execute();
      },
      async claimDue({ now: at, leaseUntil, limit }) {
        const token = randomUUID();
        // One statement claims the batch. Each row is re-checked as it is updated (in Postgres a row
        // another node claimed meanwhile fails the re-check; SQLite has one writer at a time), so a
        // delivery is never claimed twice while a lease holds.
        await db
          .updateTable('webhook_deliveries')
          .set({ locked_until: leaseUntil, lock_token: token, updated_at: at })
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('webhook_deliveries')
              .select('id')
              .where('status', '=', 'pending')
              .where('next_attempt_at', '<=', at)
              .where((inner) =>
                inner.or([inner('locked_until', 'is', null), inner('locked_until', '<=', at)]),
              )
              .orderBy('next_attempt_at')
              .limit(limit),
          )
          .execute();
        const rows = await db
          .selectFrom('webhook_deliveries')
          .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
          .selectAll('webhook_deliveries')
          .select(['webhooks.url', 'webhooks.secret'])
          .where('webhook_deliveries.lock_token', '=', token)
          .orderBy('webhook_deliveries.next_attempt_at')
          .execute();
        return rows.map(
          (row): ClaimedDelivery => ({
            ...toDelivery(row),
            url: row.url,
            secret: row.secret,
            claimToken: token,
          }),
        );
      },
      async complete(claim, outcome) {
        const result = await db
          .updateTable('webhook_deliveries')
          .set({
            status: outcome.status,
            attempts: outcome.attempts,
            next_attempt_at: outcome.nextAttemptAt,
            log: JSON.stringify(outcome.log),
            locked_until: null,
            lock_token: null,
            updated_at: now(),
          })
          .where('id', '=', claim.id)
          .where('lock_token', '=', claim.claimToken)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      },
      async release(claim) {
        await db
          .updateTable('webhook_deliveries')
          .set({ locked_until: null, lock_token: null, updated_at: now() })
          .where('id', '=', claim.id)
          .where('lock_token', '=', claim.claimToken)
          .execute();
      },
      async listDeliveries(webhookId, limit) {
        const rows = await db
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('webhook_id', '=', webhookId)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute();
        return rows.map(toDelivery);
      },
    },
  };
}
