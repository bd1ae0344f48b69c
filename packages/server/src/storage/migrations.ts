import { type Kysely, type Migration, type MigrationProvider, Migrator, PostgresAdapter } from 'kysely';
import type { Database } from './schema.js';

// Migrations are code, not files on disk, so they ship inside the build and run the same from
// the CLI, the server start and the tests. Never edit one that has shipped: add the next.
const migrations: Record<string, Migration> = {
  '0001_foundation': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('merchants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('default_locale', 'text', (c) => c.notNull())
        .addColumn('allowed_origins', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agents_merchant_idx').on('agents').column('merchant_id').execute();
      await db.schema
        .createTable('visitors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('help_articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('body_md', 'text', (c) => c.notNull())
        .addColumn('published', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('help_articles_slug_locale_unique', ['merchant_id', 'slug', 'locale'])
        .execute();
      await db.schema
        .createTable('demo_payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('amount_minor', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('card_brand', 'text')
        .addColumn('card_last4', 'text')
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('demo_payments_reference_unique', ['merchant_id', 'reference'])
        .execute();
    },
  },
  '0002_chat': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('visitors').addColumn('user_id', 'text').execute();
      await db.schema.alterTable('visitors').addColumn('name', 'text').execute();
      await db.schema.alterTable('visitors').addColumn('email', 'text').execute();
      await db.schema
        .createIndex('visitors_user_unique')
        .on('visitors')
        .columns(['merchant_id', 'user_id'])
        .unique()
        .execute();
      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('visitor_id', 'text', (c) => c.notNull().references('visitors.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('topic', 'text')
        .addColumn('assignee_id', 'text', (c) => c.references('agents.id').onDelete('set null'))
        .addColumn('flagged', 'integer', (c) => c.notNull())
        .addColumn('offline', 'integer', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('visitor_read_seq', 'integer', (c) => c.notNull())
        .addColumn('agent_read_seq', 'integer', (c) => c.notNull())
        .addColumn('waiting_since', 'text')
        .addColumn('rating_score', 'integer')
        .addColumn('rating_comment', 'text')
        .addColumn('context', 'text', (c) => c.notNull())
        .addColumn('payment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .execute();
      await db.schema
        .createIndex('conversations_inbox_idx')
        .on('conversations')
        .columns(['merchant_id', 'status', 'updated_at'])
        .execute();
      await db.schema
        .createIndex('conversations_visitor_idx')
        .on('conversations')
        .columns(['visitor_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('author_type', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('internal', 'integer', (c) => c.notNull())
        .addColumn('redacted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // Gapless per-conversation order, and at most one stored message per sender and client id:
        // the database, not the code, is what makes resends idempotent.
        .addUniqueConstraint('messages_seq_unique', ['conversation_id', 'seq'])
        .addUniqueConstraint('messages_client_id_unique', ['author_type', 'author_id', 'client_id'])
        .execute();
      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('uploader_type', 'text', (c) => c.notNull())
        .addColumn('uploader_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.references('messages.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_message_idx').on('attachments').column('message_id').execute();
      await db.schema
        .createTable('canned_replies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('shortcut', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('canned_replies_shortcut_unique', ['merchant_id', 'shortcut'])
        .execute();
    },
  },
  '0003_help_events': {
    async up(db: Kysely<unknown>) {
      // Views, votes and deflections as events: counts per article are a GROUP BY, and nothing is lost
      // if we later want them per day or per locale.
      await db.schema
        .createTable('article_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('article_id', 'text', (c) =>
          c.notNull().references('help_articles.id').onDelete('cascade'),
        )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('article_events_article_idx')
        .on('article_events')
        .columns(['article_id', 'kind'])
        .execute();
      await db.schema
        .createIndex('help_articles_lookup_idx')
        .on('help_articles')
        .columns(['merchant_id', 'locale', 'published'])
        .execute();
    },
  },
  '0005_attachment_blobs': {
    async up(db: Kysely<unknown>) {
      // Bytes in the database are the store every node reaches without another service to run.
      const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
      await db.schema
        .createTable('attachment_blobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('bytes', binary, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0004_integrations': {
    async up(db: Kysely<unknown>) {
      // A bot is an agent row (role 'bot') plus its key hash here: its messages, claims and
      // assignments then reference agents like any other, and revoking disables both.
      await db.schema
        .createTable('bot_keys')
        .addColumn('id', 'text', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_merchant_idx').on('webhooks').column('merchant_id').execute();
      // The outbox: one row per event and webhook, claimed by whichever node gets there first.
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('lock_token', 'text')
        .addColumn('log', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due_idx')
        .on('webhook_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_webhook_idx')
        .on('webhook_deliveries')
        .columns(['webhook_id', 'created_at'])
        .execute();
    },
  },
  '0006_agent_security': {
    async up(db: Kysely<unknown>) {
      // The TOTP secret is stored encrypted (auth/totp.ts); `totp_enabled_at` null with a secret set
      // means enrolment was begun and not confirmed. `totp_last_step` refuses a code used twice.
      await db.schema.alterTable('agents').addColumn('totp_secret', 'text').execute();
      await db.schema.alterTable('agents').addColumn('totp_enabled_at', 'text').execute();
      await db.schema.alterTable('agents').addColumn('totp_last_step', 'integer').execute();
      // Bumped on a password change or disable: tokens carry it, and an older one stops working.
      await db.schema
        .alterTable('agents')
        .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('agent_recovery_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('agent_recovery_codes_agent_idx')
        .on('agent_recovery_codes')
        .columns(['agent_id', 'code_hash'])
        .execute();
      // Append-only: no foreign keys, so the trail outlives the agents and visitors it names.
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_email', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('ip', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_log_merchant_idx')
        .on('audit_log')
        .columns(['merchant_id', 'at', 'id'])
        .execute();
    },
  },
  '0007_help_keywords': {
    async up(db: Kysely<unknown>) {
      // Search keywords per article: what customers type that the article itself does not say.
      // A JSON array like tags; existing articles start with none.
      await db.schema
        .alterTable('help_articles')
        .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  },
  '0009_assistant': {
    async up(db: Kysely<unknown>) {
      // The help articles an assistant reply is built from (JSON array of { slug, title, locale });
      // every other message has none.
      await db.schema
        .alterTable('messages')
        .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      // Where a conversation stands with the assistant, and why it went to people.
      await db.schema
        .alterTable('conversations')
        .addColumn('assistant', 'text', (c) => c.notNull().defaultTo('off'))
        .execute();
      await db.schema.alterTable('conversations').addColumn('handoff_reason', 'text').execute();
      await db.schema.alterTable('conversations').addColumn('handoff_at', 'text').execute();
      // One row per assistant reply: the question it answered (redacted like every stored text),
      // whether it had a grounded answer, which answerer, and the visitor's thumbs up or down.
      // Turn limits, daily budgets and the admin report are counts over it.
      await db.schema
        .createTable('assistant_replies')
        .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('answerer', 'text', (c) => c.notNull())
        .addColumn('helpful', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('assistant_replies_merchant_idx')
        .on('assistant_replies')
        .columns(['merchant_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('assistant_replies_conversation_idx')
        .on('assistant_replies')
        .column('conversation_id')
        .execute();
    },
  },
  '0010_email_continuity': {
    async up(db: Kysely<unknown>) {
      // How a message arrived (`chat` | `email`), and for replies that also went out by email the
      // outcome agents see: `sent` | `bounced` with its time (docs/email.md).
      await db.schema
        .alterTable('messages')
        .addColumn('channel', 'text', (c) => c.notNull().defaultTo('chat'))
        .execute();
      await db.schema.alterTable('messages').addColumn('email_status', 'text').execute();
      await db.schema.alterTable('messages').addColumn('email_at', 'text').execute();
      // The visitor's "no more emails" (List-Unsubscribe or the link in every email).
      await db.schema.alterTable('visitors').addColumn('email_opt_out_at', 'text').execute();
      // The email outbox: one row per burst of replies to one conversation. While `collecting` holds
      // the conversation id (unique), new replies join the row and push its send time back; composing
      // the email clears it and fixes the bytes, so retries send the same mail with the same
      // Message-ID. Claimed with a lease like webhook deliveries, so nodes never send one twice.
      await db.schema
        .createTable('email_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) =>
          c.notNull().references('conversations.id').onDelete('cascade'),
        )
        .addColumn('collecting', 'text', (c) => c.unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('after_seq', 'integer')
        .addColumn('up_to_seq', 'integer')
        .addColumn('message_id', 'text', (c) => c.notNull().unique())
        .addColumn('mail', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .addColumn('lock_token', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema
        .createIndex('email_outbox_due_idx')
        .on('email_outbox')
        .columns(['status', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('email_outbox_conversation_idx')
        .on('email_outbox')
        .column('conversation_id')
        .execute();
    },
  },
  '0011_payment_conversations': {
    async up(db: Kysely<unknown>) {
      // One conversation per payment: "ask about this payment" resumes the visitor's open
      // conversation about that payment, found by its reference (the JSON payment is not indexable
      // alike on both dialects). Existing conversations with a payment get theirs copied over.
      await db.schema.alterTable('conversations').addColumn('payment_reference', 'text').execute();
      const typed = db as unknown as Kysely<{
        conversations: { id: string; payment: string | null; payment_reference: string | null };
      }>;
      const rows = await typed
        .selectFrom('conversations')
        .select(['id', 'payment'])
        .where('payment', 'is not', null)
        .execute();
      for (const row of rows) {
        const reference = (JSON.parse(row.payment ?? 'null') as { reference?: unknown } | null)?.reference;
        if (typeof reference !== 'string') continue;
        await typed
          .updateTable('conversations')
          .set({ payment_reference: reference })
          .where('id', '=', row.id)
          .execute();
      }
      await db.schema
        .createIndex('conversations_visitor_payment_idx')
        .on('conversations')
        .columns(['visitor_id', 'payment_reference'])
        .execute();
    },
  },
  '0012_webhook_delivery_visitor': {
    async up(db: Kysely<unknown>) {
      // The visitor a webhook delivery is about, so forgetting a visitor finds their deliveries by
      // index instead of a LIKE over every payload in the outbox (which also caught any payload that
      // merely quoted the id). Existing rows get it from their payload, read the way it was written
      // when this migration shipped (later payload changes must not change what it reads).
      await db.schema.alterTable('webhook_deliveries').addColumn('visitor_id', 'text').execute();
      const typed = db as unknown as Kysely<{
        webhook_deliveries: { id: string; payload: string; visitor_id: string | null };
      }>;
      let after = '';
      for (;;) {
        const rows = await typed
          .selectFrom('webhook_deliveries')
          .select(['id', 'payload'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(500)
          .execute();
        if (rows.length === 0) break;
        after = rows.at(-1)!.id;
        const byVisitor = new Map<string, string[]>();
        for (const row of rows) {
          const visitorId = visitorOfPayload(row.payload);
          if (visitorId) byVisitor.set(visitorId, [...(byVisitor.get(visitorId) ?? []), row.id]);
        }
        for (const [visitorId, ids] of byVisitor) {
          await typed
            .updateTable('webhook_deliveries')
            .set({ visitor_id: visitorId })
            .where('id', 'in', ids)
            .execute();
        }
      }
      await db.schema
        .createIndex('webhook_deliveries_visitor_idx')
        .on('webhook_deliveries')
        .column('visitor_id')
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

/** Applies pending migrations through `db`; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The visitor a stored webhook payload (0004–0011) is about: a conversation event's
 * `data.conversation.visitor.id`, or the target of a `visitor.*` audit entry; null for anything else.
 * Frozen with 0012, which backfills by it.
 */
function visitorOfPayload(payload: string): string | null {
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    return null;
  }
  const data = (event as { data?: unknown } | null)?.data as
    | { conversation?: { visitor?: { id?: unknown } }; entry?: { action?: unknown; target?: unknown } }
    | undefined;
  const id = data?.conversation?.visitor?.id;
  if (typeof id === 'string') return id;
  const entry = data?.entry;
  if (
    typeof entry?.action === 'string' &&
    entry.action.startsWith('visitor.') &&
    typeof entry.target === 'string'
  ) {
    return entry.target;
  }
  return null;
}
