import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowText, readInt, readIntOrNull, readJsonOrNull, writeJson } from './columns.js';
import { leaseDue, releaseLease } from './outbox-lease.js';
import type { Database, EmailOutboxTable } from './schema.js';

// Portable like the webhook outbox (webhooks.ts): ISO text times, no RETURNING on the
// claim, no SKIP LOCKED, ON CONFLICT on a unique column (both dialects have it).

/** An email as composed once, so every retry sends the same bytes. */
export interface ComposedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo: string;
  /** List-Unsubscribe and its one-click companion. */
  headers: Record<string, string>;
}

export interface EmailOutboxRecord {
  id: string;
  merchantId: string;
  conversationId: string;
  /** Still gathering the burst's replies: nothing composed yet. */
  collecting: boolean;
  status: 'pending' | 'sent' | 'skipped' | 'failed' | 'bounced';
  afterSeq: number | null;
  upToSeq: number | null;
  /** The Message-ID header, without angle brackets. */
  messageId: string;
  mail: ComposedMail | null;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ClaimedEmail extends EmailOutboxRecord {
  claimToken: string;
}

/** The email outbox and opt-outs (docs/email.md). */
export interface EmailOutboxRepository {
  /**
   * Adds a reply to its conversation's collecting burst: creates the row (due at `dueAt`) or moves
   * the existing one's send time to `dueAt`, unless the burst began more than `maxWaitMs` ago.
   */
  collect(input: {
    merchantId: string;
    conversationId: string;
    dueAt: string;
    messageIdDomain: string;
    maxWaitMs: number;
  }): Promise<void>;
  /** Pending rows due by `now`, each locked until `leaseUntil` for the caller alone. */
  claimDue(input: { now: string; leaseUntil: string; limit: number }): Promise<ClaimedEmail[]>;
  /** Fixes the mail's bytes and the replies it carries, and closes the burst; false if the claim ran out. */
  compose(
    claim: ClaimedEmail,
    composed: { afterSeq: number; upToSeq: number; mail: ComposedMail },
  ): Promise<boolean>;
  /** Records an attempt's outcome (and, once sent, marks its replies); false if the claim ran out. */
  complete(
    claim: ClaimedEmail,
    outcome: {
      status: EmailOutboxRecord['status'];
      attempts: number;
      nextAttemptAt?: string;
      error?: string;
    },
  ): Promise<boolean>;
  /** Gives a claim back untried (shutting down). */
  release(claim: ClaimedEmail): Promise<void>;
  /** The highest seq an email of this conversation carries or will carry; 0 for none. */
  lastMailedSeq(conversationId: string): Promise<number>;
  /** A DSN named this sent mail: it and its replies are `bounced`. The row, or undefined if unknown. */
  markBounced(messageId: string): Promise<EmailOutboxRecord | undefined>;
  list(conversationId: string): Promise<EmailOutboxRecord[]>;
  optOut(visitorId: string): Promise<void>;
  optedOut(visitorId: string): Promise<boolean>;
}

function toRecord(row: EmailOutboxTable): EmailOutboxRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    conversationId: row.conversation_id,
    collecting: row.collecting !== null,
    status: row.status as EmailOutboxRecord['status'],
    afterSeq: readIntOrNull(row.after_seq),
    upToSeq: readIntOrNull(row.up_to_seq),
    messageId: row.message_id,
    mail: readJsonOrNull<ComposedMail>(row.mail),
    attempts: readInt(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** The email outbox (0010): bursts of replies waiting to be mailed, their outcome, and opt-outs. */
export function createEmailOutboxRepository(db: Kysely<Database>): EmailOutboxRepository {
  async function markMessages(
    trx: Kysely<Database>,
    row: { conversation_id: string; after_seq: number | null; up_to_seq: number | null },
    status: 'sent' | 'bounced',
    at: string,
  ) {
    if (row.after_seq === null || row.up_to_seq === null) return;
    await trx
      .updateTable('messages')
      .set({ email_status: status, email_at: at })
      .where('conversation_id', '=', row.conversation_id)
      .where('seq', '>', row.after_seq)
      .where('seq', '<=', row.up_to_seq)
      .where('author_type', 'in', ['agent', 'bot'])
      .where('internal', '=', 0)
      .execute();
  }

  return {
    async collect({ merchantId, conversationId, dueAt, messageIdDomain, maxWaitMs }) {
      const at = nowText();
      const id = randomUUID();
      await db
        .insertInto('email_outbox')
        .values({
          id,
          merchant_id: merchantId,
          conversation_id: conversationId,
          collecting: conversationId,
          status: 'pending',
          after_seq: null,
          up_to_seq: null,
          message_id: `reply-${id}@${messageIdDomain}`,
          mail: null,
          attempts: 0,
          next_attempt_at: dueAt,
          locked_until: null,
          lock_token: null,
          last_error: null,
          created_at: at,
          updated_at: at,
          sent_at: null,
        })
        .onConflict((oc) => oc.column('collecting').doNothing())
        .execute();
      // Another reply of the same burst: the mail waits for the burst to end, but not forever
      // (an agent writing for half an hour still gets their first replies out).
      await db
        .updateTable('email_outbox')
        .set({ next_attempt_at: dueAt, updated_at: at })
        .where('collecting', '=', conversationId)
        .where('next_attempt_at', '<', dueAt)
        .where('created_at', '>', new Date(Date.now() - maxWaitMs).toISOString())
        .execute();
    },
    async claimDue({ now: at, leaseUntil, limit }) {
      const token = randomUUID();
      await leaseDue(db, 'email_outbox', { token, now: at, leaseUntil, limit });
      const rows = await db
        .selectFrom('email_outbox')
        .selectAll()
        .where('lock_token', '=', token)
        .orderBy('next_attempt_at')
        .execute();
      return rows.map((row): ClaimedEmail => ({ ...toRecord(row), claimToken: token }));
    },
    async compose(claim, composed) {
      // Closing the burst: later replies start a new row. The lock token proves the claim still holds.
      const result = await db
        .updateTable('email_outbox')
        .set({
          collecting: null,
          after_seq: composed.afterSeq,
          up_to_seq: composed.upToSeq,
          mail: writeJson(composed.mail),
          updated_at: nowText(),
        })
        .where('id', '=', claim.id)
        .where('lock_token', '=', claim.claimToken)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async complete(claim, outcome) {
      const at = nowText();
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('email_outbox')
          .set({
            status: outcome.status,
            attempts: outcome.attempts,
            next_attempt_at: outcome.nextAttemptAt ?? claim.nextAttemptAt,
            last_error: outcome.error ?? null,
            // A row that ends without a mail (skipped) no longer collects either.
            ...(outcome.status === 'pending' ? {} : { collecting: null }),
            ...(outcome.status === 'sent' ? { sent_at: at } : {}),
            locked_until: null,
            lock_token: null,
            updated_at: at,
          })
          .where('id', '=', claim.id)
          .where('lock_token', '=', claim.claimToken)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        if (outcome.status === 'sent') {
          const row = await trx
            .selectFrom('email_outbox')
            .select(['conversation_id', 'after_seq', 'up_to_seq'])
            .where('id', '=', claim.id)
            .executeTakeFirstOrThrow();
          await markMessages(trx, row, 'sent', at);
        }
        return true;
      });
    },
    async release(claim) {
      await releaseLease(db, 'email_outbox', claim);
    },
    async lastMailedSeq(conversationId) {
      const row = await db
        .selectFrom('email_outbox')
        .select((eb) => eb.fn.max('up_to_seq').as('seq'))
        .where('conversation_id', '=', conversationId)
        .where('status', 'in', ['pending', 'sent', 'bounced'])
        .where('up_to_seq', 'is not', null)
        .executeTakeFirst();
      return readIntOrNull(row?.seq) ?? 0;
    },
    async markBounced(messageId) {
      const at = nowText();
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('email_outbox')
          .selectAll()
          .where('message_id', '=', messageId)
          .where('status', '=', 'sent')
          .executeTakeFirst();
        if (!row) return undefined;
        await trx
          .updateTable('email_outbox')
          .set({ status: 'bounced', updated_at: at })
          .where('id', '=', row.id)
          .execute();
        await markMessages(trx, row, 'bounced', at);
        return toRecord({ ...row, status: 'bounced' });
      });
    },
    async list(conversationId) {
      const rows = await db
        .selectFrom('email_outbox')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    async optOut(visitorId) {
      await db
        .updateTable('visitors')
        .set({ email_opt_out_at: nowText() })
        .where('id', '=', visitorId)
        .where('email_opt_out_at', 'is', null)
        .execute();
    },
    async optedOut(visitorId) {
      const row = await db
        .selectFrom('visitors')
        .select('email_opt_out_at')
        .where('id', '=', visitorId)
        .executeTakeFirst();
      return row?.email_opt_out_at != null;
    },
  };
}
