import { randomUUID } from 'node:crypto';
import {
  type AuthorType,
  type EmailDelivery,
  type MessageChannel,
  type MessageSource,
  waitingSinceChange,
} from '@topay-support/protocol';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type AttachmentRecord, toAttachment } from './attachments.js';
import { type Dialect, nowText, readFlag, readInt, readJson, writeFlag, writeJson } from './columns.js';
import { type ConversationRecord, toConversation } from './conversations.js';
import { type BatchWriter, createGroupCommit, type Outcome } from './group-commit.js';
import { postgresAppendBatch } from './postgres-append-batch.js';
import type { QueryRunner, SyncQuery } from './prepared.js';
import type { AttachmentTable, ConversationTable, Database, MessageTable } from './schema.js';
import { isUniqueViolation } from './unique.js';

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  authorType: AuthorType;
  authorId: string;
  authorName: string | null;
  text: string;
  internal: boolean;
  redacted: boolean;
  createdAt: string;
  attachments: AttachmentRecord[];
  /** The articles an assistant reply is built from; `[]` on every other message. */
  sources: MessageSource[];
  /** `email` for a visitor's reply by email; absent = chat. */
  channel?: MessageChannel;
  /** Replies that also went out by email (docs/email.md). */
  emailDelivery?: EmailDelivery;
}

export interface NewMessage {
  conversationId: string;
  clientId: string;
  authorType: AuthorType;
  authorId: string;
  authorName: string | null;
  text: string;
  internal: boolean;
  redacted: boolean;
  /** Uploaded by the same author and not yet used: they move onto this message. */
  attachmentIds: string[];
  /** Assistant replies only. */
  sources?: MessageSource[];
  /** Absent = chat. */
  channel?: MessageChannel;
}

/** The sender used this client id before, for a different text. */
export class ClientIdConflictError extends Error {
  override readonly name = 'ClientIdConflictError';
}

/** Attachment ids that do not exist, belong to someone else or are already used. */
export class AttachmentUnavailableError extends Error {
  override readonly name = 'AttachmentUnavailableError';
}

export interface MessageRepository {
  /**
   * Stores a message once per sender and client id, with the conversation's next seq, in one
   * transaction. A resend of the same id and text returns the stored message (`duplicate`);
   * the same id with another text throws `ClientIdConflictError`.
   */
  append(
    input: NewMessage,
  ): Promise<{ message: MessageRecord; conversation: ConversationRecord; duplicate: boolean }>;
  /**
   * A resend of `input`: the message its author stored under the same client id, with the same text in
   * the same conversation; undefined if the id is unused; `ClientIdConflictError` if it was used for
   * another message. The one duplicate lookup (`append` uses it too).
   */
  findResend(
    input: NewMessage,
  ): Promise<{ message: MessageRecord; conversation: ConversationRecord; duplicate: true } | undefined>;
  findByClientId(
    authorType: MessageRecord['authorType'],
    authorId: string,
    clientId: string,
  ): Promise<MessageRecord | undefined>;
  listAfter(
    conversationId: string,
    afterSeq: number,
    limit: number,
    includeInternal: boolean,
  ): Promise<MessageRecord[]>;
  /** The newest messages, oldest first. */
  /** `upTo`: only messages up to this seq (a view of the conversation as of its `lastSeq`). */
  listLatest(
    conversationId: string,
    limit: number,
    includeInternal: boolean,
    upTo?: number,
  ): Promise<MessageRecord[]>;
  /** Visitor messages after `seq`, and up to `upTo` when given. */
  countVisitorMessagesAfter(conversationId: string, seq: number, upTo?: number): Promise<number>;
  /** Messages the visitor sees from others (agents, assistant, system) after `seq`: their unread. */
  countRepliesAfter(conversationId: string, seq: number): Promise<number>;
}

function toMessage(row: MessageTable, attachments: AttachmentRecord[]): MessageRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: readInt(row.seq),
    clientId: row.client_id,
    authorType: row.author_type as MessageRecord['authorType'],
    authorId: row.author_id,
    authorName: row.author_name,
    text: row.text,
    internal: readFlag(row.internal),
    redacted: readFlag(row.redacted),
    createdAt: row.created_at,
    attachments,
    sources: readJson<MessageSource[]>(row.sources),
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

export function createMessageRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  runner: QueryRunner,
): MessageRepository {
  // Messages that arrive together are written together (group-commit.ts): on SQLite one synchronous
  // transaction per batch, on Postgres one statement per batch instead of a pool connection per message.
  const groupCommit = createGroupCommit<NewMessage, AppendResult>(
    dialect === 'sqlite'
      ? sqliteAppendBatch(runner)
      : postgresAppendBatch(db, runner, messageRow, (row, conversation) => ({
          message: toMessage(row, []),
          conversation: toConversation(conversation),
          duplicate: false,
        })),
  );
  return {
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
    async listLatest(conversationId, limit, includeInternal, upTo) {
      let query = db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
      if (!includeInternal) query = query.where('internal', '=', 0);
      if (upTo !== undefined) query = query.where('seq', '<=', upTo);
      const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
      return withAttachments(db, rows.reverse());
    },
    async countVisitorMessagesAfter(conversationId, seq, upTo) {
      let query = db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('conversation_id', '=', conversationId)
        .where('author_type', '=', 'visitor')
        .where('seq', '>', seq);
      if (upTo !== undefined) query = query.where('seq', '<=', upTo);
      const { n } = await query.executeTakeFirstOrThrow();
      return readInt(n);
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
      return readInt(n);
    },
  };
}

type AppendResult = { message: MessageRecord; conversation: ConversationRecord; duplicate: false };

/** The seq bump, the insert and the attachments of one message, inside a transaction the caller owns. */
async function appendWithin(trx: Kysely<Database>, input: NewMessage): Promise<AppendResult> {
  const at = nowText();
  // Incrementing in the UPDATE takes the row lock (Postgres) or the write lock (SQLite)
  // first, so concurrent senders get consecutive seqs and never the same one.
  const conversation = await trx
    .updateTable('conversations')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', 1),
      updated_at: at,
      waiting_since: waitingSinceAfter(input, at),
    }))
    .where('id', '=', input.conversationId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const row = messageRow(input, randomUUID(), readInt(conversation.last_seq), at);
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

/**
 * The conversation's `waiting_since` once `input` is stored at `at`, as SQL over the row being updated:
 * the protocol's rule (`waitingSinceChange`), for both append paths.
 */
function waitingSinceAfter(input: NewMessage, at: string): RawBuilder<string | null> {
  switch (waitingSinceChange({ author: { type: input.authorType }, internal: input.internal })) {
    case 'start':
      return sql<string>`coalesce(waiting_since, ${at})`;
    case 'clear':
      return sql<null>`null`;
    case 'keep':
      return sql<string | null>`waiting_since`;
  }
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
    internal: writeFlag(input.internal),
    redacted: writeFlag(input.redacted),
    created_at: at,
    sources: writeJson(input.sources ?? []),
    channel: input.channel ?? 'chat',
  };
}

const INSERT_MESSAGE = `insert into messages (id, conversation_id, seq, client_id, author_type, author_id,
  author_name, text, internal, redacted, created_at, sources, channel)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The seq bump, by the protocol's `waiting_since` rule: the same SQL as `waitingSinceAfter`. */
const BUMP_SEQ = {
  start:
    'update conversations set last_seq = last_seq + 1, updated_at = ?, waiting_since = coalesce(waiting_since, ?) where id = ? returning *',
  clear:
    'update conversations set last_seq = last_seq + 1, updated_at = ?, waiting_since = null where id = ? returning *',
  keep: 'update conversations set last_seq = last_seq + 1, updated_at = ?, waiting_since = waiting_since where id = ? returning *',
} as const;

/**
 * SQLite: a batch in one transaction run synchronously on the connection (storage/prepared.ts), so
 * nothing else runs between its statements. In the common batch nothing fails and each message is
 * its update and its insert. When one is refused (a resend hitting the unique key, an attachment
 * already used), the whole transaction is rolled back and the batch written again with a savepoint
 * around each message, so that it fails alone and the others commit.
 */
function sqliteAppendBatch(runner: QueryRunner): BatchWriter<NewMessage, AppendResult> {
  const transaction = runner.transaction;
  if (!transaction) throw new Error('the SQLite query runner has no synchronous transactions');
  return async (inputs) => {
    try {
      return await transaction((query) =>
        inputs.map((input): Outcome<AppendResult> => ({ ok: true, value: appendNow(query, input) })),
      );
    } catch (error) {
      if (inputs.length === 1) return [{ ok: false, error }];
    }
    return transaction((query) =>
      inputs.map((input): Outcome<AppendResult> => {
        query('savepoint message', []);
        try {
          const value = appendNow(query, input);
          query('release message', []);
          return { ok: true, value };
        } catch (error) {
          query('rollback to message', []);
          query('release message', []);
          return { ok: false, error };
        }
      }),
    );
  };
}

function appendNow(query: SyncQuery, input: NewMessage): AppendResult {
  const at = nowText();
  const change = waitingSinceChange({ author: { type: input.authorType }, internal: input.internal });
  const bumpParameters = change === 'start' ? [at, at, input.conversationId] : [at, input.conversationId];
  const [conversation] = query<ConversationTable>(BUMP_SEQ[change], bumpParameters);
  if (!conversation) throw new Error(`no conversation ${input.conversationId}`);
  const row = messageRow(input, randomUUID(), readInt(conversation.last_seq), at);
  query(INSERT_MESSAGE, [
    row.id,
    row.conversation_id,
    row.seq,
    row.client_id,
    row.author_type,
    row.author_id,
    row.author_name,
    row.text,
    row.internal,
    row.redacted,
    row.created_at,
    row.sources,
    row.channel,
  ]);
  let attachments: AttachmentRecord[] = [];
  if (input.attachmentIds.length > 0) {
    const ids = [...new Set(input.attachmentIds)];
    const claimed = query<AttachmentTable>(
      `update attachments set message_id = ? where id in (${ids.map(() => '?').join(', ')})
       and uploader_type = ? and uploader_id = ? and message_id is null returning *`,
      [row.id, ...ids, input.authorType, input.authorId],
    );
    if (claimed.length !== ids.length) {
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
