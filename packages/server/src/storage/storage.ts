import { type Kysely, sql } from 'kysely';
import { type AgentTotpRepository, createAgentTotpRepository } from './agent-totp.js';
import { type AgentRepository, createAgentRepository } from './agents.js';
import { type AssistantReplyRepository, createAssistantReplyRepository } from './assistant-replies.js';
import { type AttachmentBlobRepository, createAttachmentBlobRepository } from './attachment-blobs.js';
import { type AttachmentRepository, createAttachmentRepository } from './attachments.js';
import { type AuditLogRepository, createAuditLogRepository } from './audit-log.js';
import { type BotRepository, createBotRepository } from './bots.js';
import { type CannedReplyRepository, createCannedReplyRepository } from './canned-replies.js';
import type { Dialect } from './columns.js';
import { type ConversationRepository, createConversationRepository } from './conversations.js';
import { createDemoPaymentRepository, type DemoPaymentRepository } from './demo-payments.js';
import { createEmailOutboxRepository, type EmailOutboxRepository } from './email-outbox.js';
import { createHelpArticleRepository, type HelpArticleRepository } from './help-articles.js';
import { createMerchantRepository, type MerchantRepository } from './merchants.js';
import { createMessageRepository, type MessageRepository } from './messages.js';
import { migrateToLatest } from './migrations.js';
import { kyselyRunner, type QueryRunner } from './prepared.js';
import type { Database } from './schema.js';
import { createVisitorRepository, type VisitorRepository } from './visitors.js';
import { createWebhookRepository, type WebhookRepository } from './webhooks.js';

/**
 * Everything the server keeps. One interface, injected into `createServer`, so the SQLite default
 * and the Postgres deployment run the same domain code and the same contract tests. Each member is
 * one feature's repository, declared with its records in `storage/<feature>.ts`.
 */
export interface Storage {
  readonly dialect: Dialect;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Calls `listener` with each query's duration in milliseconds (for metrics); returns an unsubscribe. */
  observeQueries(listener: (durationMs: number) => void): () => void;
  close(): Promise<void>;
  merchants: MerchantRepository;
  agents: AgentRepository;
  visitors: VisitorRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  attachments: AttachmentRepository;
  attachmentBlobs: AttachmentBlobRepository;
  cannedReplies: CannedReplyRepository;
  articles: HelpArticleRepository;
  assistant: AssistantReplyRepository;
  email: EmailOutboxRepository;
  demoPayments: DemoPaymentRepository;
  bots: BotRepository;
  webhooks: WebhookRepository;
  agentTotp: AgentTotpRepository;
  audit: AuditLogRepository;
}

/**
 * How old a merchant's settings or webhook list read on the message path may be (storage/recent.ts):
 * a change made by the CLI or on another node takes effect within this time.
 */
export const RECENT_MS = 1_000;

/** The storage implementation over Kysely; the dialect decides between SQLite and Postgres. */
export function createKyselyStorage(
  db: Kysely<Database>,
  dialect: Storage['dialect'],
  queryListeners: Set<(durationMs: number) => void> = new Set(),
  runner: QueryRunner = kyselyRunner(db),
): Storage {
  return {
    observeQueries(listener) {
      queryListeners.add(listener);
      return () => queryListeners.delete(listener);
    },
    dialect,
    migrate: () => migrateToLatest(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
    merchants: createMerchantRepository(db, runner, RECENT_MS),
    agents: createAgentRepository(db, dialect, runner),
    visitors: createVisitorRepository(db, runner),
    conversations: createConversationRepository(db, dialect, runner),
    messages: createMessageRepository(db, dialect, runner),
    attachments: createAttachmentRepository(db),
    attachmentBlobs: createAttachmentBlobRepository(db),
    cannedReplies: createCannedReplyRepository(db),
    articles: createHelpArticleRepository(db, dialect),
    assistant: createAssistantReplyRepository(db),
    email: createEmailOutboxRepository(db),
    demoPayments: createDemoPaymentRepository(db, dialect),
    bots: createBotRepository(db),
    webhooks: createWebhookRepository(db, runner, RECENT_MS),
    agentTotp: createAgentTotpRepository(db),
    audit: createAuditLogRepository(db),
  };
}
