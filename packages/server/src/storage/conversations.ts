import { randomUUID } from 'node:crypto';
import type {
  AssistantState,
  ConversationContext,
  ConversationStatus,
  Handoff,
  HandoffReason,
  PaymentView,
  Rating,
  Topic,
} from '@topay-support/protocol';
import { type Kysely, sql } from 'kysely';
import {
  type Dialect,
  nowText,
  readFlag,
  readInt,
  readJson,
  readJsonOrNull,
  writeFlag,
  writeJson,
  writeJsonOrNull,
} from './columns.js';
import { type Arg, prepare, type QueryRunner } from './prepared.js';
import type { ConversationTable, Database } from './schema.js';

// Namespace of the per-merchant advisory locks that serialise round-robin assignment on Postgres.
const ASSIGNMENT_LOCK = 0x7470_7361; // 'tpsa'

export interface ConversationRecord {
  id: string;
  merchantId: string;
  visitorId: string;
  status: ConversationStatus;
  topic: Topic | null;
  assigneeId: string | null;
  flagged: boolean;
  offline: boolean;
  lastSeq: number;
  visitorReadSeq: number;
  agentReadSeq: number;
  waitingSince: string | null;
  rating: Rating | null;
  context: ConversationContext;
  payment: PaymentView | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  assistant: AssistantState;
  handoff: Handoff | null;
}

export type NewConversation = Pick<
  ConversationRecord,
  'merchantId' | 'visitorId' | 'topic' | 'flagged' | 'offline' | 'context' | 'payment'
> &
  Partial<Pick<ConversationRecord, 'assistant'>>;

export type ConversationPatch = Partial<
  Pick<
    ConversationRecord,
    | 'status'
    | 'assigneeId'
    | 'visitorReadSeq'
    | 'agentReadSeq'
    | 'rating'
    | 'resolvedAt'
    | 'payment'
    | 'waitingSince'
    | 'offline'
    | 'assistant'
    | 'handoff'
  >
>;

export interface ConversationFilter {
  status?: ConversationStatus;
  topic?: Topic;
  /** Searches visitor name and email and message text. */
  query?: string;
  limit: number;
  /** Opaque position from a previous page. */
  cursor?: string;
}

export interface ConversationRepository {
  create(input: NewConversation): Promise<ConversationRecord>;
  findById(id: string): Promise<ConversationRecord | undefined>;
  /** The visitor's newest conversation, or newest not resolved one. */
  latestForVisitor(
    visitorId: string,
    options: { unresolvedOnly: boolean },
  ): Promise<ConversationRecord | undefined>;
  /** The visitor's newest conversation about that payment that has not ended. */
  openForPayment(visitorId: string, reference: string): Promise<ConversationRecord | undefined>;
  /** The visitor's conversations that have not ended, latest activity first, at most `limit`. */
  listOpenForVisitor(visitorId: string, limit: number): Promise<ConversationRecord[]>;
  list(
    merchantId: string,
    filter: ConversationFilter,
  ): Promise<{ items: ConversationRecord[]; nextCursor: string | null }>;
  update(id: string, patch: ConversationPatch): Promise<ConversationRecord | undefined>;
  /** Every conversation of a visitor, oldest first (for data exports). */
  listForVisitor(visitorId: string): Promise<ConversationRecord[]>;
  /** Moves an anonymous visitor's conversations, and the webhook deliveries about them, to the visitor they identified as. */
  moveToVisitor(fromVisitorId: string, toVisitorId: string): Promise<void>;
  /** Conversations assigned and not resolved, per agent. */
  activeCountByAgent(merchantId: string): Promise<Map<string, number>>;
  /**
   * Assigns an open, unassigned conversation to whichever of `agentIds` has the fewest assigned
   * conversations, if under `capacity` (ties by id). Atomic per merchant, so nodes assigning at once
   * never overfill an agent. `undefined` when nobody has room or the conversation is taken already.
   */
  assignLeastLoaded(
    id: string,
    agentIds: string[],
    capacity: number,
  ): Promise<ConversationRecord | undefined>;
}

export function toConversation(row: ConversationTable): ConversationRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    visitorId: row.visitor_id,
    status: row.status as ConversationRecord['status'],
    topic: row.topic as ConversationRecord['topic'],
    assigneeId: row.assignee_id,
    flagged: readFlag(row.flagged),
    offline: readFlag(row.offline),
    lastSeq: readInt(row.last_seq),
    visitorReadSeq: readInt(row.visitor_read_seq),
    agentReadSeq: readInt(row.agent_read_seq),
    waitingSince: row.waiting_since,
    rating:
      row.rating_score === null
        ? null
        : {
            score: readInt(row.rating_score),
            ...(row.rating_comment ? { comment: row.rating_comment } : {}),
          },
    context: readJson<ConversationContext>(row.context),
    payment: readJsonOrNull<PaymentView>(row.payment),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    assistant: row.assistant as AssistantState,
    handoff:
      row.handoff_reason && row.handoff_at
        ? { reason: row.handoff_reason as HandoffReason, at: row.handoff_at }
        : null,
  };
}

function encodeCursor(row: { updated_at: string; id: string }): string {
  return Buffer.from(`${row.updated_at}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } | undefined {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return updatedAt && id ? { updatedAt, id } : undefined;
}

export function createConversationRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  runner: QueryRunner,
): ConversationRepository {
  // Read for every message sent: prepared once (storage/prepared.ts).
  const byId = prepare(runner, (arg: Arg<{ id: string }>) =>
    db.selectFrom('conversations').selectAll().where('id', '=', arg('id')),
  );
  return {
    async create(input) {
      const at = nowText();
      const row: ConversationTable = {
        id: randomUUID(),
        merchant_id: input.merchantId,
        visitor_id: input.visitorId,
        status: 'open',
        topic: input.topic,
        assignee_id: null,
        flagged: writeFlag(input.flagged),
        offline: writeFlag(input.offline),
        last_seq: 0,
        visitor_read_seq: 0,
        agent_read_seq: 0,
        waiting_since: null,
        rating_score: null,
        rating_comment: null,
        context: writeJson(input.context),
        payment: writeJsonOrNull(input.payment),
        payment_reference: input.payment?.reference ?? null,
        created_at: at,
        updated_at: at,
        resolved_at: null,
        assistant: input.assistant ?? 'off',
        handoff_reason: null,
        handoff_at: null,
      };
      await db.insertInto('conversations').values(row).execute();
      return toConversation(row);
    },
    async findById(id) {
      const [row] = await byId({ id });
      return row && toConversation(row);
    },
    async latestForVisitor(visitorId, { unresolvedOnly }) {
      let query = db.selectFrom('conversations').selectAll().where('visitor_id', '=', visitorId);
      if (unresolvedOnly) query = query.where('status', '!=', 'resolved');
      const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      return row && toConversation(row);
    },
    async openForPayment(visitorId, reference) {
      const row = await db
        .selectFrom('conversations')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('payment_reference', '=', reference)
        .where('status', '!=', 'resolved')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row && toConversation(row);
    },
    async listOpenForVisitor(visitorId, limit) {
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .where('status', '!=', 'resolved')
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toConversation);
    },
    async list(merchantId, filter) {
      let query = db
        .selectFrom('conversations')
        .selectAll('conversations')
        .where('conversations.merchant_id', '=', merchantId);
      if (filter.status) query = query.where('conversations.status', '=', filter.status);
      if (filter.topic) query = query.where('conversations.topic', '=', filter.topic);
      if (filter.query) {
        const pattern = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('visitors')
                .select('visitors.id')
                .whereRef('visitors.id', '=', 'conversations.visitor_id')
                .where((inner) =>
                  inner.or([
                    sql<boolean>`lower(visitors.name) like lower(${pattern}) escape '\\'`,
                    sql<boolean>`lower(visitors.email) like lower(${pattern}) escape '\\'`,
                    // lower() on both sides: SQLite's LIKE ignores ASCII case, Postgres' does not.
                    sql<boolean>`lower(visitors.user_id) like lower(${pattern}) escape '\\'`,
                  ]),
                ),
            ),
            eb.exists(
              eb
                .selectFrom('messages')
                .select('messages.id')
                .whereRef('messages.conversation_id', '=', 'conversations.id')
                .where(sql<boolean>`lower(messages.text) like lower(${pattern}) escape '\\'`),
            ),
          ]),
        );
      }
      const cursor = filter.cursor ? decodeCursor(filter.cursor) : undefined;
      if (cursor) {
        query = query.where((eb) =>
          eb.or([
            eb('conversations.updated_at', '<', cursor.updatedAt),
            eb.and([
              eb('conversations.updated_at', '=', cursor.updatedAt),
              eb('conversations.id', '<', cursor.id),
            ]),
          ]),
        );
      }
      const rows = await query
        .orderBy('conversations.updated_at', 'desc')
        .orderBy('conversations.id', 'desc')
        .limit(filter.limit + 1)
        .execute();
      const page = rows.slice(0, filter.limit);
      const last = page.at(-1);
      return {
        items: page.map(toConversation),
        nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
      };
    },
    async update(id, patch) {
      const values: Partial<ConversationTable> = { updated_at: nowText() };
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.assigneeId !== undefined) values.assignee_id = patch.assigneeId;
      if (patch.visitorReadSeq !== undefined) values.visitor_read_seq = patch.visitorReadSeq;
      if (patch.agentReadSeq !== undefined) values.agent_read_seq = patch.agentReadSeq;
      if (patch.resolvedAt !== undefined) values.resolved_at = patch.resolvedAt;
      if (patch.waitingSince !== undefined) values.waiting_since = patch.waitingSince;
      if (patch.payment !== undefined) {
        values.payment = writeJsonOrNull(patch.payment);
        values.payment_reference = patch.payment?.reference ?? null;
      }
      if (patch.offline !== undefined) values.offline = writeFlag(patch.offline);
      if (patch.assistant !== undefined) values.assistant = patch.assistant;
      if (patch.handoff !== undefined) {
        values.handoff_reason = patch.handoff?.reason ?? null;
        values.handoff_at = patch.handoff?.at ?? null;
      }
      if (patch.rating !== undefined) {
        values.rating_score = patch.rating?.score ?? null;
        values.rating_comment = patch.rating?.comment ?? null;
      }
      const row = await db
        .updateTable('conversations')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toConversation(row);
    },
    async listForVisitor(visitorId) {
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('visitor_id', '=', visitorId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toConversation);
    },
    async moveToVisitor(fromVisitorId, toVisitorId) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('conversations')
          .set({ visitor_id: toVisitorId })
          .where('visitor_id', '=', fromVisitorId)
          .execute();
        // The webhook deliveries about those conversations follow them: forgetting the visitor they
        // now belong to removes them too.
        await trx
          .updateTable('webhook_deliveries')
          .set({ visitor_id: toVisitorId })
          .where('visitor_id', '=', fromVisitorId)
          .execute();
      });
    },
    async activeCountByAgent(merchantId) {
      const rows = await db
        .selectFrom('conversations')
        .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('merchant_id', '=', merchantId)
        .where('status', '=', 'assigned')
        .where('assignee_id', 'is not', null)
        .groupBy('assignee_id')
        .execute();
      return new Map(rows.map((row) => [row.assignee_id!, readInt(row.n)]));
    },
    async assignLeastLoaded(id, agentIds, capacity) {
      if (agentIds.length === 0) return undefined;
      return db.transaction().execute(async (trx) => {
        const conversation = await trx
          .selectFrom('conversations')
          .select('merchant_id')
          .where('id', '=', id)
          .executeTakeFirst();
        if (!conversation) return undefined;
        // Count, choose and assign as one step per merchant, or two nodes (or two conversations on
        // one node) both see an agent with one free slot and both fill it. SQLite transactions
        // already run one at a time; Postgres needs the lock.
        if (dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(${ASSIGNMENT_LOCK}, hashtext(${conversation.merchant_id}))`.execute(
            trx,
          );
        }
        const rows = await trx
          .selectFrom('conversations')
          .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', conversation.merchant_id)
          .where('status', '=', 'assigned')
          .where('assignee_id', 'in', agentIds)
          .groupBy('assignee_id')
          .execute();
        const load = new Map(rows.map((row) => [row.assignee_id!, readInt(row.n)]));
        const chosen = [...new Set(agentIds)]
          .map((agentId) => ({ agentId, active: load.get(agentId) ?? 0 }))
          .filter((c) => c.active < capacity)
          .sort(
            (a, b) => a.active - b.active || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
          )[0];
        if (!chosen) return undefined;
        const row = await trx
          .updateTable('conversations')
          .set({ status: 'assigned', assignee_id: chosen.agentId, updated_at: nowText() })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .where('assignee_id', 'is', null)
          .returningAll()
          .executeTakeFirst();
        return row && toConversation(row);
      });
    },
  };
}
