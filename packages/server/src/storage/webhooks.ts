import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowText, readInt, readJson, writeJson } from './columns.js';
import { leaseDue, releaseLease } from './outbox-lease.js';
import { type Arg, prepare, type QueryRunner } from './prepared.js';
import { recentReads } from './recent.js';
import type { Database, WebhookDeliveryTable, WebhookTable } from './schema.js';

// Portable on purpose (SQLite and Postgres): times are ISO text, which sorts as time does; JSON is
// text; no RETURNING on the claim, no SKIP LOCKED, no dialect-specific functions.

export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'conversation.resolved',
  'audit.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookRecord {
  id: string;
  merchantId: string;
  url: string;
  events: WebhookEventType[];
  /** Signs every delivery (HMAC-SHA256); shown to the operator once. */
  secret: string;
  createdAt: string;
}

export interface WebhookAttempt {
  at: string;
  durationMs: number;
  /** The receiver's HTTP status, when it answered. */
  statusCode?: number;
  /** Why there was no answer (timeout, refused connection…). */
  error?: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event on its way to one webhook: the outbox row the dispatcher claims, sends and retries. */
export interface WebhookDeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string;
  status: WebhookDeliveryStatus;
  /** Attempts that got an answer or failed; an attempt cut short by a shutdown does not count. */
  attempts: number;
  nextAttemptAt: string;
  /** The newest attempts, oldest first (at most 10). */
  log: WebhookAttempt[];
  createdAt: string;
  updatedAt: string;
}

/** A delivery this node has claimed, with what it needs to send it. */
export interface ClaimedDelivery extends WebhookDeliveryRecord {
  url: string;
  secret: string;
  /** Proves the claim when the outcome is recorded. */
  claimToken: string;
}

export interface WebhookRepository {
  create(input: Omit<WebhookRecord, 'id' | 'createdAt'>): Promise<WebhookRecord>;
  findById(id: string): Promise<WebhookRecord | undefined>;
  /** Every webhook, or one merchant's. */
  list(merchantId?: string): Promise<WebhookRecord[]>;
  /**
   * A merchant's webhooks as read within the last `recentMs` (storage/recent.ts), for the message
   * path. Changes through this storage show at once, others (the CLI, another node) within `recentMs`.
   */
  listRecent(merchantId: string): Promise<WebhookRecord[]>;
  /** Removes the webhook with its deliveries; `false` when there was none. */
  delete(id: string): Promise<boolean>;
  /** Writes one pending delivery per webhook for an event. */
  enqueue(event: {
    eventId: string;
    eventType: WebhookEventType;
    payload: string;
    webhookIds: string[];
    /** The visitor the event is about (forgetting them removes it); null for none. */
    visitorId: string | null;
  }): Promise<void>;
  /**
   * Claims up to `limit` due deliveries for this caller until `leaseUntil`, in one guarded UPDATE:
   * two nodes claiming at once never get the same delivery. A claim whose lease ran out (its node
   * died mid-send) is due again.
   */
  claimDue(options: { now: string; leaseUntil: string; limit: number }): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome, if the claim is still ours; `false` when it is not. */
  complete(
    claim: Pick<ClaimedDelivery, 'id' | 'claimToken'>,
    outcome: Pick<WebhookDeliveryRecord, 'status' | 'attempts' | 'nextAttemptAt' | 'log'>,
  ): Promise<boolean>;
  /** Gives a claim back untried (shutdown), due at once. */
  release(claim: Pick<ClaimedDelivery, 'id' | 'claimToken'>): Promise<void>;
  /** The newest deliveries of a webhook. */
  listDeliveries(webhookId: string, limit: number): Promise<WebhookDeliveryRecord[]>;
}

function toWebhook(row: WebhookTable): WebhookRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    url: row.url,
    events: readJson<WebhookEventType[]>(row.events),
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
    attempts: readInt(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    log: readJson<WebhookAttempt[]>(row.log),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createWebhookRepository(
  db: Kysely<Database>,
  runner: QueryRunner,
  recentMs: number,
): WebhookRepository {
  const ofMerchant = prepare(runner, (arg: Arg<{ merchantId: string }>) =>
    db
      .selectFrom('webhooks')
      .selectAll()
      .where('merchant_id', '=', arg('merchantId'))
      .orderBy('created_at')
      .orderBy('id'),
  );
  // Read for every message (which webhooks want it); most merchants have none.
  const recent = recentReads(
    async (merchantId: string) => (await ofMerchant({ merchantId })).map(toWebhook),
    recentMs,
  );
  return {
    async create(input) {
      const row: WebhookTable = {
        id: randomUUID(),
        merchant_id: input.merchantId,
        url: input.url,
        events: writeJson(input.events),
        secret: input.secret,
        created_at: nowText(),
      };
      await db.insertInto('webhooks').values(row).execute();
      recent.forget(input.merchantId);
      return toWebhook(row);
    },
    async findById(id) {
      const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toWebhook(row);
    },
    listRecent: (merchantId) => recent.get(merchantId),
    async list(merchantId) {
      if (merchantId !== undefined) return (await ofMerchant({ merchantId })).map(toWebhook);
      const rows = await db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toWebhook);
    },
    async delete(id) {
      const deleted = await db.transaction().execute(async (trx) => {
        // Explicit, so removal does not depend on the connection enforcing ON DELETE CASCADE.
        await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
        const result = await trx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
      // Deletions are rare: every merchant's list is read again.
      recent.forget();
      return deleted;
    },
    async enqueue(event) {
      if (event.webhookIds.length === 0) return;
      const at = nowText();
      await db.transaction().execute(async (trx) => {
        // The caller's list may be a second old (listRecent): a webhook removed since then is left
        // out rather than failing the others' deliveries on its foreign key.
        const existing = await trx
          .selectFrom('webhooks')
          .select('id')
          .where('id', 'in', event.webhookIds)
          .execute();
        if (existing.length === 0) return;
        await trx
          .insertInto('webhook_deliveries')
          .values(
            existing.map(({ id: webhookId }) => ({
              id: randomUUID(),
              webhook_id: webhookId,
              event_id: event.eventId,
              event_type: event.eventType,
              payload: event.payload,
              visitor_id: event.visitorId,
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
      });
    },
    async claimDue({ now: at, leaseUntil, limit }) {
      const token = randomUUID();
      await leaseDue(db, 'webhook_deliveries', { token, now: at, leaseUntil, limit });
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
          log: writeJson(outcome.log),
          locked_until: null,
          lock_token: null,
          updated_at: nowText(),
        })
        .where('id', '=', claim.id)
        .where('lock_token', '=', claim.claimToken)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async release(claim) {
      await releaseLease(db, 'webhook_deliveries', claim);
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
  };
}
