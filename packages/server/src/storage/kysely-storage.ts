import { randomUUID } from 'node:crypto';
import { type Expression, type Kysely, Migrator, sql } from 'kysely';
import { createAgentSecurityStorage } from './agent-security-storage.js';
import { createAssistantStorage } from './assistant-storage.js';
import { createBlobStorage } from './blob-storage.js';
import { createChatStorage } from './chat-storage.js';
import { createEmailStorage } from './email-storage.js';
import { createIntegrationsStorage } from './integrations-storage.js';
import { migrationProvider } from './migrations.js';
import type { Database, MerchantTable } from './schema.js';
import {
  type AgentRecord,
  type ArticleStats,
  ConflictError,
  type DemoPaymentRecord,
  type MerchantRecord,
  type MerchantSettings,
  type Storage,
  type StoredArticle,
  type VisitorRecord,
} from './types.js';
import { isUniqueViolation } from './unique.js';

const now = () => new Date().toISOString();

function toMerchant(row: MerchantTable): MerchantRecord {
  return {
    id: row.id,
    key: row.key,
    secret: row.secret,
    name: row.name,
    defaultLocale: row.default_locale as MerchantRecord['defaultLocale'],
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    settings: JSON.parse(row.settings) as MerchantSettings,
    createdAt: row.created_at,
  };
}

function toAgent(row: Database['agents']): AgentRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    email: row.email,
    name: row.name,
    role: row.role as AgentRecord['role'],
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    tokenVersion: Number(row.token_version ?? 0),
    twoFactorEnabled: row.totp_enabled_at !== null && row.totp_enabled_at !== undefined,
  };
}

function toArticle(row: Database['help_articles']): StoredArticle {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    slug: row.slug,
    locale: row.locale as StoredArticle['locale'],
    title: row.title,
    category: row.category as StoredArticle['category'],
    tags: JSON.parse(row.tags) as string[],
    keywords: JSON.parse(row.keywords) as string[],
    bodyMarkdown: row.body_md,
    published: row.published === 1,
    updatedAt: row.updated_at,
  };
}

function toDemoPayment(row: Database['demo_payments']): DemoPaymentRecord {
  return {
    merchantId: row.merchant_id,
    reference: row.reference,
    email: row.email,
    userId: row.user_id,
    status: row.status,
    reason: row.reason,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    events: JSON.parse(row.events) as DemoPaymentRecord['events'],
    createdAt: row.created_at,
  };
}

function toVisitor(row: Database['visitors']): VisitorRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
  };
}

/** Applies pending migrations through `db`; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * A text column to sort by, compared by code point in both dialects: SQLite's default (BINARY) does
 * that, and Postgres would otherwise sort by the database's locale, which the operator chose, not us.
 */
export function byCodePoint(dialect: Storage['dialect'], column: string): Expression<string> {
  return dialect === 'postgres'
    ? sql<string>`${sql.ref(column)} collate "C"`
    : sql<string>`${sql.ref(column)}`;
}

/** The storage implementation over Kysely; the dialect decides between SQLite and Postgres. */
export function createKyselyStorage(
  db: Kysely<Database>,
  dialect: Storage['dialect'],
  queryListeners: Set<(durationMs: number) => void> = new Set(),
): Storage {
  return {
    observeQueries(listener) {
      queryListeners.add(listener);
      return () => queryListeners.delete(listener);
    },
    ...createChatStorage(db, dialect),
    ...createAssistantStorage(db),
    ...createEmailStorage(db),
    ...createIntegrationsStorage(db),
    ...createAgentSecurityStorage(db),
    attachmentBlobs: createBlobStorage(db),
    dialect,
    migrate: () => migrateToLatest(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
    merchants: {
      async create(input) {
        const row: MerchantTable = {
          id: randomUUID(),
          key: input.key,
          secret: input.secret,
          name: input.name,
          default_locale: input.defaultLocale,
          allowed_origins: JSON.stringify(input.allowedOrigins),
          settings: JSON.stringify(input.settings),
          created_at: now(),
        };
        try {
          await db.insertInto('merchants').values(row).execute();
        } catch (error) {
          if (isUniqueViolation(error))
            throw new ConflictError(`a merchant with key ${input.key} exists already`);
          throw error;
        }
        return toMerchant(row);
      },
      async findByKey(key) {
        const row = await db.selectFrom('merchants').selectAll().where('key', '=', key).executeTakeFirst();
        return row && toMerchant(row);
      },
      async findById(id) {
        const row = await db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toMerchant(row);
      },
      async list() {
        const rows = await db
          .selectFrom('merchants')
          .selectAll()
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        return rows.map(toMerchant);
      },
      async update(id, patch) {
        const values: Partial<MerchantTable> = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.secret !== undefined) values.secret = patch.secret;
        if (patch.defaultLocale !== undefined) values.default_locale = patch.defaultLocale;
        if (patch.allowedOrigins !== undefined) values.allowed_origins = JSON.stringify(patch.allowedOrigins);
        if (patch.settings !== undefined) values.settings = JSON.stringify(patch.settings);
        if (Object.keys(values).length === 0) {
          const row = await db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
          return row && toMerchant(row);
        }
        const row = await db
          .updateTable('merchants')
          .set(values)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row && toMerchant(row);
      },
    },
    agents: {
      async create(input) {
        const row: Database['agents'] = {
          id: randomUUID(),
          merchant_id: input.merchantId,
          email: input.email.trim().toLowerCase(),
          name: input.name,
          role: input.role,
          password_hash: input.passwordHash,
          disabled_at: null,
          created_at: now(),
          token_version: 0,
        };
        try {
          await db.insertInto('agents').values(row).execute();
        } catch (error) {
          if (isUniqueViolation(error))
            throw new ConflictError(`an agent with email ${row.email} exists already`);
          throw error;
        }
        return toAgent(row);
      },
      async findByEmail(email) {
        const row = await db
          .selectFrom('agents')
          .selectAll()
          .where('email', '=', email.trim().toLowerCase())
          .executeTakeFirst();
        return row && toAgent(row);
      },
      async findById(id) {
        const row = await db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toAgent(row);
      },
      async listByMerchant(merchantId) {
        const rows = await db
          .selectFrom('agents')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          // Bots (API keys) are not people to transfer to or show in presence; `bot list` shows them.
          .where('role', '!=', 'bot')
          .orderBy(byCodePoint(dialect, 'name'))
          .orderBy('id')
          .execute();
        return rows.map(toAgent);
      },
      async setPasswordHash(id, passwordHash) {
        await db
          .updateTable('agents')
          .set((eb) => ({ password_hash: passwordHash, token_version: eb('token_version', '+', 1) }))
          .where('id', '=', id)
          .execute();
      },
      async setDisabled(id, disabled) {
        await db
          .updateTable('agents')
          .set((eb) =>
            disabled
              ? { disabled_at: now(), token_version: eb('token_version', '+', 1) }
              : { disabled_at: null },
          )
          .where('id', '=', id)
          .execute();
      },
      async setRole(id, role) {
        // A role travels in tokens: the old ones end with the change rather than keep the old powers.
        await db
          .updateTable('agents')
          .set((eb) => ({ role, token_version: eb('token_version', '+', 1) }))
          .where('id', '=', id)
          .execute();
      },
    },
    visitors: {
      async create(merchantId) {
        const at = now();
        const row = {
          id: randomUUID(),
          merchant_id: merchantId,
          user_id: null,
          name: null,
          email: null,
          created_at: at,
          last_seen_at: at,
        };
        await db.insertInto('visitors').values(row).execute();
        return toVisitor(row);
      },
      async findById(id) {
        const row = await db.selectFrom('visitors').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toVisitor(row);
      },
      async upsertIdentified(merchantId, userId) {
        const find = () =>
          db
            .selectFrom('visitors')
            .selectAll()
            .where('merchant_id', '=', merchantId)
            .where('user_id', '=', userId)
            .executeTakeFirst();
        const found = await find();
        if (found) return toVisitor(found);
        const at = now();
        const row = {
          id: randomUUID(),
          merchant_id: merchantId,
          user_id: userId,
          name: null,
          email: null,
          created_at: at,
          last_seen_at: at,
        };
        try {
          await db.insertInto('visitors').values(row).execute();
          return toVisitor(row);
        } catch (error) {
          // Two devices of one user connected at once: both end up with the same visitor.
          const winner = isUniqueViolation(error) ? await find() : undefined;
          if (winner) return toVisitor(winner);
          throw error;
        }
      },
      async findByUserId(merchantId, userId) {
        const row = await db
          .selectFrom('visitors')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return row && toVisitor(row);
      },
      async delete(id) {
        return db.transaction().execute(async (trx) => {
          const attachments = await trx
            .selectFrom('attachments')
            .select('attachments.id')
            .where((eb) =>
              eb.or([
                eb.and([eb('uploader_type', '=', 'visitor'), eb('uploader_id', '=', id)]),
                eb(
                  'message_id',
                  'in',
                  eb
                    .selectFrom('messages')
                    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
                    .select('messages.id')
                    .where('conversations.visitor_id', '=', id),
                ),
              ]),
            )
            .execute();
          const ids = attachments.map((a) => a.id);
          if (ids.length > 0) await trx.deleteFrom('attachments').where('id', 'in', ids).execute();
          // Conversations and their messages go with the visitor (ON DELETE CASCADE).
          await trx.deleteFrom('visitors').where('id', '=', id).execute();
          // Webhook payloads carry the visitor's name, email and words; every one names their id.
          await trx
            .deleteFrom('webhook_deliveries')
            .where('payload', 'like', `%"${id.replace(/[%_\\]/g, '')}"%`)
            .execute();
          return ids;
        });
      },
      async update(id, patch) {
        const values: { name?: string | null; email?: string | null } = {};
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.email !== undefined) values.email = patch.email;
        if (Object.keys(values).length === 0) return;
        await db.updateTable('visitors').set(values).where('id', '=', id).execute();
      },
      async touch(id, merchantId) {
        const row = await db
          .updateTable('visitors')
          .set({ last_seen_at: now() })
          .where('id', '=', id)
          .where('merchant_id', '=', merchantId)
          .returningAll()
          .executeTakeFirst();
        return row && toVisitor(row);
      },
    },
    articles: {
      async upsert(article) {
        const values = {
          id: randomUUID(),
          merchant_id: article.merchantId,
          slug: article.slug,
          locale: article.locale,
          title: article.title,
          category: article.category,
          tags: JSON.stringify(article.tags),
          keywords: JSON.stringify(article.keywords ?? []),
          body_md: article.bodyMarkdown,
          published: article.published ? 1 : 0,
          updated_at: article.updatedAt,
        };
        const { id: _id, merchant_id: _m, slug: _s, locale: _l, ...changes } = values;
        const row = await db
          .insertInto('help_articles')
          .values(values)
          .onConflict((oc) => oc.columns(['merchant_id', 'slug', 'locale']).doUpdateSet(changes))
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      async count(merchantId) {
        const { n } = await db
          .selectFrom('help_articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('merchant_id', '=', merchantId)
          .executeTakeFirstOrThrow();
        return Number(n);
      },
      async list(merchantId, options) {
        let query = db.selectFrom('help_articles').selectAll().where('merchant_id', '=', merchantId);
        if (options.locale) query = query.where('locale', '=', options.locale);
        if (options.publishedOnly) query = query.where('published', '=', 1);
        const rows = await query
          .orderBy(byCodePoint(dialect, 'category'))
          .orderBy(byCodePoint(dialect, 'slug'))
          .orderBy(byCodePoint(dialect, 'locale'))
          .execute();
        return rows.map(toArticle);
      },
      async findById(merchantId, id) {
        const row = await db
          .selectFrom('help_articles')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row && toArticle(row);
      },
      async findBySlug(merchantId, slug, locale) {
        const row = await db
          .selectFrom('help_articles')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('slug', '=', slug)
          .where('locale', '=', locale)
          .executeTakeFirst();
        return row && toArticle(row);
      },
      async version(merchantId, locale) {
        const row = await db
          .selectFrom('help_articles')
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
          .where('merchant_id', '=', merchantId)
          .where('locale', '=', locale)
          .executeTakeFirstOrThrow();
        return `${row.n}:${row.latest ?? ''}`;
      },
      async update(merchantId, id, article) {
        try {
          const row = await db
            .updateTable('help_articles')
            .set({
              slug: article.slug,
              locale: article.locale,
              title: article.title,
              category: article.category,
              tags: JSON.stringify(article.tags),
              // An editor that does not know keywords (an older console) leaves them as they are.
              ...(article.keywords ? { keywords: JSON.stringify(article.keywords) } : {}),
              body_md: article.bodyMarkdown,
              published: article.published ? 1 : 0,
              updated_at: article.updatedAt,
            })
            .where('merchant_id', '=', merchantId)
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirst();
          return row && toArticle(row);
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new ConflictError(
              `an article with slug ${article.slug} exists already in ${article.locale}`,
            );
          }
          throw error;
        }
      },
      async recordEvent(merchantId, articleId, kind) {
        await db
          .insertInto('article_events')
          .values({
            id: randomUUID(),
            merchant_id: merchantId,
            article_id: articleId,
            kind,
            created_at: now(),
          })
          .execute();
      },
      async stats(merchantId) {
        const rows = await db
          .selectFrom('article_events')
          .select(['article_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', merchantId)
          .groupBy(['article_id', 'kind'])
          .execute();
        const stats = new Map<string, ArticleStats>();
        for (const row of rows) {
          const entry = stats.get(row.article_id) ?? { views: 0, helpful: 0, notHelpful: 0, deflections: 0 };
          const n = Number(row.n);
          if (row.kind === 'view') entry.views = n;
          else if (row.kind === 'helpful') entry.helpful = n;
          else if (row.kind === 'not_helpful') entry.notHelpful = n;
          else if (row.kind === 'deflection') entry.deflections = n;
          stats.set(row.article_id, entry);
        }
        return stats;
      },
    },
    demoPayments: {
      async upsert(payment) {
        const values = {
          id: randomUUID(),
          merchant_id: payment.merchantId,
          reference: payment.reference,
          email: payment.email.trim().toLowerCase(),
          user_id: payment.userId,
          status: payment.status,
          reason: payment.reason,
          amount_minor: payment.amountMinor,
          currency: payment.currency,
          card_brand: payment.cardBrand,
          card_last4: payment.cardLast4,
          events: JSON.stringify(payment.events),
          created_at: payment.createdAt,
        };
        const { id: _id, merchant_id: _m, reference: _r, ...changes } = values;
        await db
          .insertInto('demo_payments')
          .values(values)
          .onConflict((oc) => oc.columns(['merchant_id', 'reference']).doUpdateSet(changes))
          .execute();
      },
      async find(merchantId, reference) {
        const row = await db
          .selectFrom('demo_payments')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('reference', '=', reference)
          .executeTakeFirst();
        return row && toDemoPayment(row);
      },
      async listForUser(merchantId, userId, limit) {
        const rows = await db
          .selectFrom('demo_payments')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('user_id', '=', userId)
          .orderBy('created_at', 'desc')
          .orderBy(byCodePoint(dialect, 'reference'))
          .limit(limit)
          .execute();
        return rows.map(toDemoPayment);
      },
      async count(merchantId) {
        const { n } = await db
          .selectFrom('demo_payments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('merchant_id', '=', merchantId)
          .executeTakeFirstOrThrow();
        return Number(n);
      },
    },
  };
}
