import { nextWaitingSince, type WaitingSinceChange, waitingSinceChange } from '@topay-support/protocol';
import { type Kysely, sql } from 'kysely';
import type { BatchWriter, Outcome } from './group-commit.js';
import { conversationUnavailable } from './message-errors.js';
import type { NewMessage } from './messages.js';
import type { QueryRunner } from './prepared.js';
import type { ConversationTable, Database, MessageTable } from './schema.js';
import { timeOrderedId } from './time-ordered-id.js';
import { DuplicateKeyError } from './unique.js';

/** The protocol's `waiting_since` rule (`waitingSinceChange`) for an input; every message of a batch shares one time. */
function waitingEffect(input: NewMessage): WaitingSinceChange {
  return waitingSinceChange({ author: { type: input.authorType }, internal: input.internal });
}

// Errors about the batch's data (a class 22 data exception, a class 23 key or constraint, a class 40
// deadlock or serialization failure) are retried one message at a time, so only the guilty message
// fails. Anything else (the database unreachable, the pool timing out) would fail each retry too.
const RETRY_ALONE = /^(22|23|40)/;

interface BatchRow extends ConversationTable {
  ord: number;
  fresh: boolean;
  /** The message's seq; null when it was not stored. */
  seq: number | null;
  /** The conversation's `waiting_since` before this batch, read under its row lock. */
  waiting_before: string | null;
}

/**
 * Postgres: a batch of messages (across conversations) in one statement. It locks the batch's
 * conversations in id order (two nodes' batches never deadlock on each other), numbers each
 * conversation's messages after its last seq in arrival order, inserts them, and moves each
 * conversation's `last_seq`, `updated_at` and `waiting_since` once. A message whose client id is
 * already stored, or repeated earlier in the batch, is left out and answers `DuplicateKeyError`
 * (the caller reads the stored one); a message for a missing conversation, or for one its
 * `onlyForVisitor` rules out, fails alone. When the statement fails (a client id racing in from
 * another node), each message is written again alone.
 *
 * Attachments are not handled here: a message with attachments takes the transaction path.
 */
export function postgresAppendBatch<R>(
  db: Kysely<Database>,
  runner: QueryRunner,
  rowOf: (input: NewMessage, id: string, seq: number, at: string) => MessageTable,
  resultOf: (row: MessageTable, conversation: ConversationTable) => R,
): BatchWriter<NewMessage, R> {
  async function write(inputs: NewMessage[]): Promise<Outcome<R>[]> {
    const at = new Date().toISOString();
    const ids = inputs.map(() => timeOrderedId());
    const rows = inputs.map((input, i) => rowOf(input, ids[i]!, 0, at));
    const column = <K extends keyof MessageTable>(key: K) => rows.map((row) => row[key]);
    const statement = sql<BatchRow>`
      with input as (
        select * from unnest(
          ${ids}::text[], ${column('conversation_id')}::text[], ${column('client_id')}::text[],
          ${column('author_type')}::text[], ${column('author_id')}::text[], ${column('author_name')}::text[],
          ${column('text')}::text[], ${column('internal')}::integer[], ${column('redacted')}::integer[],
          ${column('sources')}::text[], ${column('channel')}::text[], ${inputs.map(waitingEffect)}::text[],
          ${inputs.map((input) => input.onlyForVisitor ?? null)}::text[]
        ) with ordinality as i(id, conversation_id, client_id, author_type, author_id, author_name, text,
                               internal, redacted, sources, channel, waiting, only_for_visitor, ord)
      ), fresh as (
        select distinct on (i.author_type, i.author_id, i.client_id) i.*
        from input i
        where not exists (
          select 1 from messages m
          where m.author_type = i.author_type and m.author_id = i.author_id and m.client_id = i.client_id
        )
        order by i.author_type, i.author_id, i.client_id, i.ord
      ), locked as (
        select c.id, c.last_seq, c.waiting_since, c.visitor_id, c.status
        from conversations c
        where c.id in (select conversation_id from fresh)
        order by c.id
        for update
      ), numbered as (
        select f.*, l.last_seq + row_number() over (partition by f.conversation_id order by f.ord) as seq
        from fresh f join locked l on l.id = f.conversation_id
        where f.only_for_visitor is null or (l.visitor_id = f.only_for_visitor and l.status <> 'resolved')
      ), totals as (
        select conversation_id, max(seq) as last_seq,
               max(ord) filter (where waiting = 'clear') as last_reset,
               max(ord) filter (where waiting = 'start') as last_start
        from numbered
        group by conversation_id
      ), conv as (
        -- nextWaitingSince() applied in order: the last reset or start decides; a start after a reset
        -- in the same batch starts the wait at this batch's time.
        update conversations c
        set last_seq = t.last_seq, updated_at = ${at},
            waiting_since = case
              when t.last_start > coalesce(t.last_reset, 0)
                then case when t.last_reset is null then coalesce(c.waiting_since, ${at}) else ${at} end
              when t.last_reset is not null then null
              else c.waiting_since
            end
        from totals t
        where c.id = t.conversation_id
        returning c.*
      ), inserted as (
        insert into messages (id, conversation_id, seq, client_id, author_type, author_id, author_name,
                              text, internal, redacted, created_at, sources, channel)
        select id, conversation_id, seq, client_id, author_type, author_id, author_name,
               text, internal, redacted, ${at}, sources, channel
        from numbered
        returning id
      )
      select conv.*, i.ord, f.ord is not null as fresh, n.seq, l.waiting_since as waiting_before
      from input i
      left join fresh f on f.ord = i.ord
      left join numbered n on n.ord = i.ord
      left join locked l on l.id = n.conversation_id
      left join conv on conv.id = n.conversation_id
      order by i.ord`.compile(db);
    const result = await runner.rows<BatchRow>(statement.sql, statement.parameters);

    // Each caller gets its conversation as of its own message, as if the messages had been
    // written one after another: its seq as last_seq, waiting_since up to its message.
    const waiting = new Map<string, string | null>();
    return result.map((r, i): Outcome<R> => {
      const input = inputs[i]!;
      if (r.seq === null) {
        return {
          ok: false,
          error: r.fresh
            ? conversationUnavailable(input)
            : new DuplicateKeyError(`client id ${input.clientId} is already stored`),
        };
      }
      const before = waiting.has(input.conversationId)
        ? waiting.get(input.conversationId)!
        : r.waiting_before;
      const after = nextWaitingSince(before, {
        author: { type: input.authorType },
        internal: input.internal,
        createdAt: at,
      });
      waiting.set(input.conversationId, after);
      const { ord: _ord, fresh: _fresh, seq, waiting_before: _before, ...conversation } = r;
      return {
        ok: true,
        value: resultOf(
          { ...rows[i]!, seq: Number(seq) },
          { ...conversation, last_seq: Number(seq), waiting_since: after },
        ),
      };
    });
  }

  return async (inputs) => {
    try {
      return await write(inputs);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (inputs.length === 1 || typeof code !== 'string' || !RETRY_ALONE.test(code)) throw error;
      const outcomes: Outcome<R>[] = [];
      for (const input of inputs) {
        try {
          outcomes.push(...(await write([input])));
        } catch (alone) {
          outcomes.push({ ok: false, error: alone });
        }
      }
      return outcomes;
    }
  };
}
