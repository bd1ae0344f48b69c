import { randomUUID } from 'node:crypto';
import type {
  AssistantState,
  ConversationContext,
  HandoffReason,
  MessageSource,
  PaymentView,
} from '@topay-support/protocol';
import { type Kysely, sql } from 'kysely';
import { createGroupCommit, transactionBatch } from './group-commit.js';
import { postgresAppendBatch } from './postgres-append-batch.js';
import type { AttachmentTable, ConversationTable, Database, MessageTable } from './schema.js';
import {
  type AttachmentRecord,
  AttachmentUnavailableError,
  ClientIdConflictError,
  type ConversationRecord,
  type MessageRecord,
  type NewMessage,
  type Storage,
} from './types.js';
import { isUniqueViolation } from './unique.js';

// Namespace of the per-merchant advisory locks that serialise round-robin assignment on Postgres.
const ASSIGNMENT_LOCK = 0x7470_7361; // 'tpsa'

const now = () => new Date().toISOString();

export function toConversation(row: ConversationTable): ConversationRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    visitorId: row.visitor_id,
    status: row.status as ConversationRecord['status'],
    topic: row.topic as ConversationRecord['topic'],
    assigneeId: row.assignee_id,
    flagged: row.flagged === 1,
    offline: row.offline === 1,
    lastSeq: Number(row.last_seq),
    visitorReadSeq: Number(row.visitor_read_seq),
    agentReadSeq: Number(row.agent_read_seq),
    waitingSince: row.waiting_since,
    rating:
      row.rating_score === null
        ? null
        : { score: Number(row.rating_score), ...(row.rating_comment ? { comment: row.rating_comment } : {}) },
    context: JSON.parse(row.context) as ConversationContext,
    payment: row.payment ? (JSON.parse(row.payment) as PaymentView) : null,
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

function toAttachment(row: AttachmentTable): AttachmentRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    uploaderType: row.uploader_type as AttachmentRecord['uploaderType'],
    uploaderId: row.uploader_id,
    messageId: row.message_id,
    name: row.name,
    contentType: row.content_type as AttachmentRecord['contentType'],
    size: Number(row.size),
    createdAt: row.created_at,
  };
}

function toMessage(row: MessageTable, attachments: AttachmentRecord[]): MessageRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    clientId: row.client_id,
    authorType: row.author_type as MessageRecord['authorType'],
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    internal: row.internal === 1,
    redacted: row.redacted === 1,
    createdAt: row.created_at,
    attachments,
    sources: JSON.parse(row.sources) as MessageSource[],
    ...(row.channel === 'email' ? { channel: 'email' as const } : {}),
    ...(row.email_status === 'sent' || row.email_status === 'bounced'
      ? { emailDelivery: { status: row.email_status, at: row.email_at ?? row.created_at } }
      : {}),
  };
}

async function withAttachments(db: Kysely<Database>, rows: MessageTable[]): Promise<MessageRecord[]> {
  if (rows.length === 0) return [];
  const attachments = await db
    .selectFrom('attachments')
    .selectAll()
    .where(
      'message_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const byMessage = new Map<string, AttachmentRecord[]>();
  for (const attachment of attachments) {
    const list = byMessage.get(attachment.message_id!) ?? [];
    list.push(toAttachment(attachment));
    byMessage.set(attachment.message_id!, list);
  }
  return rows.map((row) => toMessage(row, byMessage.get(row.id) ?? []));
}

function encodeCursor(row: { updated_at: string; id: string }): string {
  return Buffer.from(`${row.updated_at}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } | undefined {
  const [updatedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return updatedAt && id ? { updatedAt, id } : undefined;
}

function byClientId(
  db: Kysely<Database>,
  authorType: MessageRecord['authorType'],
  authorId: string,
  clientId: string,
): Promise<MessageTable | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('author_type', '=', authorType)
    .where('author_id', '=', authorId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/**
 * The one duplicate-message rule (Storage `messages.findResend`): a client id is its author's, once. The same
 * id with the same text in the same conversation is a resend and answers with what was stored; with anything
 * else it is a conflict. `append` asks after the unique key refused an insert (whichever path wrote: one
 * statement, a transaction, or the group commit's savepoint); the chat service asks before a refusal that a
 * resend must not get (an ended conversation, a rate limit).
 */
async function findResend(
  db: Kysely<Database>,
  input: NewMessage,
): Promise<{ message: MessageRecord; conversation: ConversationRecord; duplicate: true } | undefined> {
  const row = await byClientId(db, input.authorType, input.authorId, input.clientId);
  if (!row) return undefined;
  if (row.text !== input.text || row.conversation_id !== input.conversationId) {
    throw new ClientIdConflictError(`client id ${input.clientId} was already used for another message`);
  }
  const [message] = await withAttachments(db, [row]);
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', row.conversation_id)
    .executeTakeFirstOrThrow();
  return { message: message!, conversation: toConversation(conversation), duplicate: true };
}

export function createChatStorage(
  db: Kysely<Database>,
  dialect: Storage['dialect'],
): Pick<Storage, 'conversations' | 'messages' | 'attachments' | 'cannedReplies'> {
  // Messages that arrive together are written together (group-commit.ts): on SQLite one commit (one
  // fsync) per batch, on Postgres one statement per batch instead of a pool connection per message.
  const groupCommit = createGroupCommit<NewMessage, AppendResult>(
    dialect === 'sqlite'
      ? transactionBatch(db, appendWithin)
      : postgresAppendBatch(db, messageRow, (row, conversation) => ({
          message: toMessage(row, []),
          conversation: toConversation(conversation),
          duplicate: false,
        })),
  );
  return {
    conversations: {
      async create(input) {
        const at = now();
        const row: ConversationTable = {
          id: randomUUID(),
          merchant_id: input.merchantId,
          visitor_id: input.visitorId,
          status: 'open',
          topic: input.topic,
          assignee_id: null,
          flagged: input.flagged ? 1 : 0,
          offline: input.offline ? 1 : 0,
          last_seq: 0,
          visitor_read_seq: 0,
          agent_read_seq: 0,
          waiting_since: null,
          rating_score: null,
          rating_comment: null,
          context: JSON.stringify(input.context),
          payment: input.payment ? JSON.stringify(input.payment) : null,
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
        const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
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
        const values: Partial<ConversationTable> = { updated_at: now() };
        if (patch.status !== undefined) values.status = patch.status;
        if (patch.assigneeId !== undefined) values.assignee_id = patch.assigneeId;
        if (patch.visitorReadSeq !== undefined) values.visitor_read_seq = patch.visitorReadSeq;
        if (patch.agentReadSeq !== undefined) values.agent_read_seq = patch.agentReadSeq;
        if (patch.resolvedAt !== undefined) values.resolved_at = patch.resolvedAt;
        if (patch.waitingSince !== undefined) values.waiting_since = patch.waitingSince;
        if (patch.payment !== undefined) {
          values.payment = patch.payment ? JSON.stringify(patch.payment) : null;
          values.payment_reference = patch.payment?.reference ?? null;
        }
        if (patch.offline !== undefined) values.offline = patch.offline ? 1 : 0;
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
        await db
          .updateTable('conversations')
          .set({ visitor_id: toVisitorId })
          .where('visitor_id', '=', fromVisitorId)
          .execute();
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
        return new Map(rows.map((row) => [row.assignee_id!, Number(row.n)]));
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
          const load = new Map(rows.map((row) => [row.assignee_id!, Number(row.n)]));
          const chosen = [...new Set(agentIds)]
            .map((agentId) => ({ agentId, active: load.get(agentId) ?? 0 }))
            .filter((c) => c.active < capacity)
            .sort(
              (a, b) => a.active - b.active || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0),
            )[0];
          if (!chosen) return undefined;
          const row = await trx
            .updateTable('conversations')
            .set({ status: 'assigned', assignee_id: chosen.agentId, updated_at: now() })
            .where('id', '=', id)
            .where('status', '=', 'open')
            .where('assignee_id', 'is', null)
            .returningAll()
            .executeTakeFirst();
          return row && toConversation(row);
        });
      },
    },
    messages: {
      async append(input) {
        // A resend is rare and the unique key on (author, client id) catches it: no read up front.
        try {
          // Attachments are rare; on Postgres their claim runs in a transaction of its own.
          if (dialect === 'postgres' && input.attachmentIds.length > 0) {
            return await db.transaction().execute((trx) => appendWithin(trx, input));
          }
          return await groupCommit.run(input);
        } catch (error) {
          // A resend, or two sends of one client id racing: read what the first one stored.
          if (isUniqueViolation(error)) {
            const winner = await findResend(db, input);
            if (winner) return winner;
          }
          throw error;
        }
      },
      async findByClientId(authorType, authorId, clientId) {
        const row = await byClientId(db, authorType, authorId, clientId);
        return row ? (await withAttachments(db, [row]))[0] : undefined;
      },
      findResend: (input) => findResend(db, input),
      async listAfter(conversationId, afterSeq, limit, includeInternal) {
        let query = db
          .selectFrom('messages')
          .selectAll()
          .where('conversation_id', '=', conversationId)
          .where('seq', '>', afterSeq);
        if (!includeInternal) query = query.where('internal', '=', 0);
        return withAttachments(db, await query.orderBy('seq').limit(limit).execute());
      },
      async listLatest(conversationId, limit, includeInternal) {
        let query = db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
        if (!includeInternal) query = query.where('internal', '=', 0);
        const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
        return withAttachments(db, rows.reverse());
      },
      async countVisitorMessagesAfter(conversationId, seq) {
        const { n } = await db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('conversation_id', '=', conversationId)
          .where('author_type', '=', 'visitor')
          .where('seq', '>', seq)
          .executeTakeFirstOrThrow();
        return Number(n);
      },
      async countRepliesAfter(conversationId, seq) {
        const { n } = await db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('conversation_id', '=', conversationId)
          .where('author_type', '!=', 'visitor')
          .where('internal', '=', 0)
          .where('seq', '>', seq)
          .executeTakeFirstOrThrow();
        return Number(n);
      },
    },
    attachments: {
      async create(input) {
        const row: AttachmentTable = {
          id: randomUUID(),
          merchant_id: input.merchantId,
          uploader_type: input.uploaderType,
          uploader_id: input.uploaderId,
          message_id: null,
          name: input.name,
          content_type: input.contentType,
          size: input.size,
          created_at: now(),
        };
        await db.insertInto('attachments').values(row).execute();
        return toAttachment(row);
      },
      async findById(id) {
        const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toAttachment(row);
      },
    },
    cannedReplies: {
      async list(merchantId) {
        const rows = await db
          .selectFrom('canned_replies')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .orderBy('shortcut')
          .execute();
        return rows.map((row) => ({
          id: row.id,
          merchantId: row.merchant_id,
          shortcut: row.shortcut,
          text: row.text,
          createdAt: row.created_at,
        }));
      },
      async create(merchantId, shortcut, text) {
        const row = { id: randomUUID(), merchant_id: merchantId, shortcut, text, created_at: now() };
        await db.insertInto('canned_replies').values(row).execute();
        return { id: row.id, merchantId, shortcut, text, createdAt: row.created_at };
      },
      async delete(merchantId, id) {
        const result = await db
          .deleteFrom('canned_replies')
          .where('merchant_id', '=', merchantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      },
    },
  };
}

type AppendResult = { message: MessageRecord; conversation: ConversationRecord; duplicate: false };

/** The seq bump, the insert and the attachments of one message, inside a transaction the caller owns. */
async function appendWithin(trx: Kysely<Database>, input: NewMessage): Promise<AppendResult> {
  const at = now();
  const answersVisitor = input.authorType === 'agent' && !input.internal;
  // Incrementing in the UPDATE takes the row lock (Postgres) or the write lock (SQLite)
  // first, so concurrent senders get consecutive seqs and never the same one.
  const conversation = await trx
    .updateTable('conversations')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', 1),
      updated_at: at,
      waiting_since: answersVisitor
        ? null
        : input.authorType === 'visitor'
          ? eb.fn.coalesce('waiting_since', eb.val(at))
          : eb.ref('waiting_since'),
    }))
    .where('id', '=', input.conversationId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const row = messageRow(input, randomUUID(), Number(conversation.last_seq), at);
  await trx.insertInto('messages').values(row).execute();
  let attachments: AttachmentRecord[] = [];
  if (input.attachmentIds.length > 0) {
    const claimed = await trx
      .updateTable('attachments')
      .set({ message_id: row.id })
      .where('id', 'in', input.attachmentIds)
      .where('uploader_type', '=', input.authorType)
      .where('uploader_id', '=', input.authorId)
      .where('message_id', 'is', null)
      .returningAll()
      .execute();
    if (claimed.length !== new Set(input.attachmentIds).size) {
      throw new AttachmentUnavailableError('an attachment does not exist or is already used');
    }
    attachments = claimed.map(toAttachment);
  }
  return {
    message: toMessage(row, attachments),
    conversation: toConversation(conversation),
    duplicate: false,
  };
}

function messageRow(input: NewMessage, id: string, seq: number, at: string): MessageTable {
  return {
    id,
    conversation_id: input.conversationId,
    seq,
    client_id: input.clientId,
    author_type: input.authorType,
    author_id: input.authorId,
    author_name: input.authorName,
    text: input.text,
    internal: input.internal ? 1 : 0,
    redacted: input.redacted ? 1 : 0,
    created_at: at,
    sources: JSON.stringify(input.sources ?? []),
    channel: input.channel ?? 'chat',
  };
}
