import type { ConversationStatus } from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import { readFlag, readFlagOrNull, readInt, writeFlag } from './columns.js';
import type { AssistantReplyTable, Database } from './schema.js';

/** One assistant reply, as the turn limit, the daily budget and the admin report count it. */
export interface AssistantReplyRecord {
  messageId: string;
  merchantId: string;
  conversationId: string;
  /** The visitor's question as stored (card data redacted). */
  question: string;
  /** It had a grounded answer; `false` when it abstained. */
  answered: boolean;
  answerer: 'builtin' | 'model';
  helpful: boolean | null;
  createdAt: string;
}

/** A reply in a report period, with what became of its conversation. */
export interface AssistantReportRow extends AssistantReplyRecord {
  conversationStatus: ConversationStatus;
  resolvedAt: string | null;
  handoffAt: string | null;
  /** A person wrote (not an internal note) in the conversation. */
  agentReplied: boolean;
}

export interface AssistantReplyRepository {
  recordReply(reply: Omit<AssistantReplyRecord, 'helpful'>): Promise<void>;
  /** The reply a message is, if it is one. */
  findReply(messageId: string): Promise<AssistantReplyRecord | undefined>;
  /** The feedback given on those of `messageIds` that have some. */
  feedbackFor(messageIds: string[]): Promise<Map<string, boolean>>;
  /** Records (or replaces) the visitor's feedback; `false` when the message is no assistant reply. */
  setFeedback(messageId: string, helpful: boolean): Promise<boolean>;
  countForConversation(conversationId: string): Promise<number>;
  /** Replies of one answerer for a merchant since a time (the daily budget). */
  countForMerchantSince(
    merchantId: string,
    answerer: AssistantReplyRecord['answerer'],
    since: string,
  ): Promise<number>;
  /** Replies created in [from, to), oldest first, with their conversation's outcome. */
  listForReport(merchantId: string, from: string, to: string): Promise<AssistantReportRow[]>;
}

function toReply(row: AssistantReplyTable): AssistantReplyRecord {
  return {
    messageId: row.message_id,
    merchantId: row.merchant_id,
    conversationId: row.conversation_id,
    question: row.question,
    answered: readFlag(row.answered),
    answerer: row.answerer as AssistantReplyRecord['answerer'],
    helpful: readFlagOrNull(row.helpful),
    createdAt: row.created_at,
  };
}

/** The assistant's replies (0009): what turn limits, budgets, feedback and the admin report count. */
export function createAssistantReplyRepository(db: Kysely<Database>): AssistantReplyRepository {
  return {
    async recordReply(reply) {
      await db
        .insertInto('assistant_replies')
        .values({
          message_id: reply.messageId,
          merchant_id: reply.merchantId,
          conversation_id: reply.conversationId,
          question: reply.question,
          answered: writeFlag(reply.answered),
          answerer: reply.answerer,
          helpful: null,
          created_at: reply.createdAt,
        })
        // Two nodes answering the same visitor message store one reply (the message is unique too).
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
    },
    async findReply(messageId) {
      const row = await db
        .selectFrom('assistant_replies')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row && toReply(row);
    },
    async feedbackFor(messageIds) {
      if (messageIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('assistant_replies')
        .select(['message_id', 'helpful'])
        .where('message_id', 'in', messageIds)
        .where('helpful', 'is not', null)
        .execute();
      return new Map(rows.map((row) => [row.message_id, readFlagOrNull(row.helpful) === true]));
    },
    async setFeedback(messageId, helpful) {
      const result = await db
        .updateTable('assistant_replies')
        .set({ helpful: writeFlag(helpful) })
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async countForConversation(conversationId) {
      const { n } = await db
        .selectFrom('assistant_replies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow();
      return readInt(n);
    },
    async countForMerchantSince(merchantId, answerer, since) {
      const { n } = await db
        .selectFrom('assistant_replies')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('merchant_id', '=', merchantId)
        .where('answerer', '=', answerer)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return readInt(n);
    },
    async listForReport(merchantId, from, to) {
      const rows = await db
        .selectFrom('assistant_replies')
        .innerJoin('conversations', 'conversations.id', 'assistant_replies.conversation_id')
        .selectAll('assistant_replies')
        .select([
          'conversations.status as conversation_status',
          'conversations.resolved_at as conversation_resolved_at',
          'conversations.handoff_at as conversation_handoff_at',
        ])
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom('messages')
                .select('messages.id')
                .whereRef('messages.conversation_id', '=', 'assistant_replies.conversation_id')
                .where('messages.author_type', '=', 'agent')
                .where('messages.internal', '=', 0),
            )
            .as('agent_replied'),
        )
        .where('assistant_replies.merchant_id', '=', merchantId)
        .where('assistant_replies.created_at', '>=', from)
        .where('assistant_replies.created_at', '<', to)
        .orderBy('assistant_replies.created_at')
        .execute();
      return rows.map((row) => ({
        ...toReply(row),
        conversationStatus: row.conversation_status as ConversationStatus,
        resolvedAt: row.conversation_resolved_at,
        handoffAt: row.conversation_handoff_at,
        // SQLite answers 0/1, Postgres true/false.
        agentReplied: readFlag(row.agent_replied),
      }));
    },
  };
}
