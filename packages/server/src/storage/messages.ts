import {
  type AuthorType,
  type EmailDelivery,
  type MessageChannel,
  type MessageSource,
  type WaitingSinceChange,
  waitingSinceChange,
} from '@topay-support/protocol';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type AttachmentRecord, toAttachment } from './attachments.js';
import { type Dialect, nowText, readFlag, readInt, readJson, writeFlag, writeJson } from './columns.js';
import { type ConversationRecord, toConversation } from './conversations.js';
import { type BatchWriter, createGroupCommit, type Outcome } from './group-commit.js';
import { ConversationUnavailableError, conversationUnavailable } from './message-errors.js';
import { postgresAppendBatch } from './postgres-append-batch.js';
import {
  type Arg,
  argsLike,
  type CompiledWithArgs,
  compileWithArgs,
  type QueryRunner,
  type SyncQuery,
} from './prepared.js';
import type { AttachmentTable, ConversationTable, Database, MessageTable } from './schema.js';
import { timeOrderedId } from './time-ordered-id.js';
import { DuplicateKeyError, isUniqueViolation } from './unique.js';

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
  /**
   * Store only if the conversation is this visitor's and has not ended, checked in the statement that
   * takes its next seq (else `ConversationUnavailableError`): a visitor's send needs no read before it.
   */
  onlyForVisitor?: string;
  /** Absent = chat. */
  channel?: MessageChannel;
}

export { ConversationUnavailableError } from './message-errors.js';

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
    dialect === 'sqlite' ? sqliteAppendBatch(db, runner) : postgresAppendWriter(db, runner),
  );
  return {
    async append(input) {
      // A resend is rare and the unique key on (author, client id) catches it: no read up front.
      const write = () =>
        // Attachments are rare; on Postgres their claim runs in a transaction of its own.
        dialect === 'postgres' && input.attachmentIds.length > 0
          ? db.transaction().execute((trx) => appendWithin(trx, input))
          : groupCommit.run(input);
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await write();
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // A resend, or two sends of one client id racing: read what the first one stored.
          const winner = await findResend(db, input);
          if (winner) return winner;
          // Nothing was stored: the batch left this copy out for an earlier copy in it that was
          // refused (an ended conversation). Written alone, it gets that refusal itself.
          if (!(error instanceof DuplicateKeyError) || attempt > 0) throw error;
        }
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
  const conversation = await bumpSeq(
    trx,
    input.conversationId,
    at,
    waitingChangeOf(input),
    input.onlyForVisitor,
  ).executeTakeFirst();
  if (!conversation) throw conversationUnavailable(input);
  const row = messageRow(input, timeOrderedId(), readInt(conversation.last_seq), at);
  await trx.insertInto('messages').values(row).execute();
  const claimed = input.attachmentIds.length > 0 ? await claimAttachments(trx, row.id, input).execute() : [];
  return appended(input, row, conversation, claimed);
}

/**
 * The seq bump of one message, for both append paths. Incrementing in the UPDATE takes the row lock
 * (Postgres) or the write lock (SQLite) first, so concurrent senders get consecutive seqs.
 */
function bumpSeq(
  db: Kysely<Database>,
  conversationId: string,
  at: string,
  change: WaitingSinceChange,
  onlyForVisitor: string | undefined,
) {
  let update = db
    .updateTable('conversations')
    .set((eb) => ({
      last_seq: eb('last_seq', '+', 1),
      updated_at: at,
      waiting_since: waitingSinceAfter(change, at),
    }))
    .where('id', '=', conversationId);
  if (onlyForVisitor !== undefined)
    update = update.where('visitor_id', '=', onlyForVisitor).where('status', '<>', 'resolved');
  return update.returningAll();
}

/** A message's attachments, claimed for it: only its author's uploads, each used once. */
function claimAttachments(db: Kysely<Database>, messageId: string, input: NewMessage) {
  return db
    .updateTable('attachments')
    .set({ message_id: messageId })
    .where('id', 'in', input.attachmentIds)
    .where('uploader_type', '=', input.authorType)
    .where('uploader_id', '=', input.authorId)
    .where('message_id', 'is', null)
    .returningAll();
}

/** What an append answers, once every attachment the message names was claimed for it. */
function appended(
  input: NewMessage,
  row: MessageTable,
  conversation: ConversationTable,
  claimed: AttachmentTable[],
): AppendResult {
  if (claimed.length !== new Set(input.attachmentIds).size) {
    throw new AttachmentUnavailableError('an attachment does not exist or is already used');
  }
  return {
    message: toMessage(row, claimed.map(toAttachment)),
    conversation: toConversation(conversation),
    duplicate: false,
  };
}

function waitingChangeOf(input: NewMessage): WaitingSinceChange {
  return waitingSinceChange({ author: { type: input.authorType }, internal: input.internal });
}

/**
 * A statement per waiting rule and guard (`onlyForVisitor` given or not), compiled the first time an
 * input needs it, from what `sample` the first caller gives: the append paths pick theirs the same way.
 */
function byVariant<T, Sample = undefined>(
  compile: (change: WaitingSinceChange, guarded: boolean, sample: Sample) => T,
): (input: NewMessage, sample: Sample) => T {
  const compiled = new Map<string, T>();
  return (input, sample) => {
    const change = waitingChangeOf(input);
    const guarded = input.onlyForVisitor !== undefined;
    const key = `${change}:${guarded}`;
    let statement = compiled.get(key);
    if (statement === undefined) {
      statement = compile(change, guarded, sample);
      compiled.set(key, statement);
    }
    return statement;
  };
}

/**
 * The conversation's `waiting_since` once a message is stored at `at`, as SQL over the row being
 * updated: the protocol's rule (`waitingSinceChange`), for both append paths.
 */
function waitingSinceAfter(change: WaitingSinceChange, at: string): RawBuilder<string | null> {
  switch (change) {
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

/**
 * Postgres: a batch of one (what a moderate load makes: each message arrives alone) is one short
 * statement, the seq bump of `appendWithin` with the insert taking its seq; several take the batch
 * statement (postgres-append-batch.ts). Planning and running that statement for a single message
 * cost Postgres about three times the short one's CPU (bench/append.mjs --window 1).
 */
function postgresAppendWriter(
  db: Kysely<Database>,
  runner: QueryRunner,
): BatchWriter<NewMessage, AppendResult> {
  const batch = postgresAppendBatch(
    db,
    runner,
    messageRow,
    (row, conversation): AppendResult => ({
      message: toMessage(row, []),
      conversation: toConversation(conversation),
      duplicate: false,
    }),
  );
  type OneArgs = MessageTable & { visitor: string };
  // Every row has the same columns: a statement is compiled from the first row's.
  const statementFor = byVariant((change, guarded, row: MessageTable) =>
    compileWithArgs((arg: Arg<OneArgs>) => {
      const columns = Object.keys(row) as (keyof MessageTable & string)[];
      const values = columns.map((column) => (column === 'seq' ? sql`conv.last_seq` : sql`${arg(column)}`));
      const bump = bumpSeq(
        db,
        arg('conversation_id'),
        arg('created_at'),
        change,
        guarded ? arg('visitor') : undefined,
      );
      return {
        compile: () =>
          sql<ConversationTable>`
            with conv as (${bump}),
            inserted as (
              insert into messages (${sql.join(columns.map((column) => sql.ref(column)))})
              select ${sql.join(values)} from conv
              returning id
            )
            select * from conv`.compile(db),
      };
    }),
  );
  async function one(input: NewMessage): Promise<AppendResult> {
    const row = messageRow(input, timeOrderedId(), 0, nowText());
    const statement = statementFor(input, row);
    const [conversation] = await runner.rows<ConversationTable>(
      statement.sql,
      statement.parameters({ ...row, visitor: input.onlyForVisitor ?? '' }),
    );
    if (!conversation) throw conversationUnavailable(input);
    return appended(input, { ...row, seq: readInt(conversation.last_seq) }, conversation, []);
  }
  return async (inputs) => {
    const [only] = inputs;
    if (inputs.length !== 1 || !only) return batch(inputs);
    try {
      return [{ ok: true, value: await one(only) }];
    } catch (error) {
      return [{ ok: false, error }];
    }
  };
}

/**
 * SQLite: a batch in one transaction run synchronously on the connection (storage/prepared.ts), so
 * nothing else runs between its statements. In the common batch nothing fails and each message is
 * its update and its insert. When one is refused (a resend hitting the unique key, an attachment
 * already used), the whole transaction is rolled back and the batch written again with a savepoint
 * around each message, so that it fails alone and the others commit. The statements are the ones
 * `appendWithin` builds, compiled once (the attachment claim, whose list varies and is rare, each time).
 */
function sqliteAppendBatch(db: Kysely<Database>, runner: QueryRunner): BatchWriter<NewMessage, AppendResult> {
  const transaction = runner.transaction;
  if (!transaction) throw new Error('the SQLite query runner has no synchronous transactions');
  const bumpFor = byVariant((change, guarded) =>
    compileWithArgs((arg: Arg<{ id: string; at: string; visitor: string }>) =>
      bumpSeq(db, arg('id'), arg('at'), change, guarded ? arg('visitor') : undefined),
    ),
  );
  let insert: CompiledWithArgs<MessageTable> | undefined;

  function appendNow(query: SyncQuery, input: NewMessage): AppendResult {
    const at = nowText();
    const bump = bumpFor(input, undefined);
    const [conversation] = query<ConversationTable>(
      bump.sql,
      bump.parameters({ id: input.conversationId, at, visitor: input.onlyForVisitor ?? '' }),
    );
    if (!conversation) throw conversationUnavailable(input);
    const row = messageRow(input, timeOrderedId(), readInt(conversation.last_seq), at);
    // Every row has the same columns: the insert is compiled from the first one's.
    insert ??= compileWithArgs((arg: Arg<MessageTable>) =>
      db.insertInto('messages').values(argsLike(row, arg)),
    );
    query(insert.sql, insert.parameters(row));
    let claimed: AttachmentTable[] = [];
    if (input.attachmentIds.length > 0) {
      const claim = claimAttachments(db, row.id, input).compile();
      claimed = query<AttachmentTable>(claim.sql, claim.parameters);
    }
    return appended(input, row, conversation, claimed);
  }

  return async (inputs) => {
    try {
      return await transaction((query) =>
        inputs.map((input): Outcome<AppendResult> => {
          try {
            return { ok: true, value: appendNow(query, input) };
          } catch (error) {
            // Its seq update matched no row, so it changed nothing: the others need no savepoints.
            if (error instanceof ConversationUnavailableError) return { ok: false, error };
            throw error;
          }
        }),
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
