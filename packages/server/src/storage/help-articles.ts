import { randomUUID } from 'node:crypto';
import type { ArticleCategory, Locale } from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import {
  byCodePoint,
  type Dialect,
  nowText,
  readFlag,
  readInt,
  readJson,
  writeFlag,
  writeJson,
} from './columns.js';
import type { Database } from './schema.js';
import { ConflictError, isUniqueViolation } from './unique.js';

export interface HelpArticleRecord {
  merchantId: string;
  slug: string;
  locale: Locale;
  title: string;
  category: ArticleCategory;
  tags: string[];
  /** Search-only words (what customers type that the body does not say); absent = none. */
  keywords?: string[];
  bodyMarkdown: string;
  published: boolean;
  updatedAt: string;
}

export interface StoredArticle extends HelpArticleRecord {
  id: string;
}

export type ArticleEventKind = 'view' | 'helpful' | 'not_helpful' | 'deflection';

export interface ArticleStats {
  views: number;
  helpful: number;
  notHelpful: number;
  deflections: number;
}

export interface HelpArticleRepository {
  /** Creates or replaces the article with this merchant, slug and locale; returns its id. */
  upsert(article: HelpArticleRecord): Promise<string>;
  count(merchantId: string): Promise<number>;
  list(merchantId: string, options: { locale?: string; publishedOnly: boolean }): Promise<StoredArticle[]>;
  findById(merchantId: string, id: string): Promise<StoredArticle | undefined>;
  findBySlug(merchantId: string, slug: string, locale: string): Promise<StoredArticle | undefined>;
  /** Changes whenever an article of that locale is added, edited or removed: a cache key. */
  version(merchantId: string, locale: string): Promise<string>;
  update(
    merchantId: string,
    id: string,
    article: Omit<HelpArticleRecord, 'merchantId'>,
  ): Promise<StoredArticle | undefined>;
  recordEvent(merchantId: string, articleId: string, kind: ArticleEventKind): Promise<void>;
  stats(merchantId: string): Promise<Map<string, ArticleStats>>;
}

function toArticle(row: Database['help_articles']): StoredArticle {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    slug: row.slug,
    locale: row.locale as StoredArticle['locale'],
    title: row.title,
    category: row.category as StoredArticle['category'],
    tags: readJson<string[]>(row.tags),
    keywords: readJson<string[]>(row.keywords),
    bodyMarkdown: row.body_md,
    published: readFlag(row.published),
    updatedAt: row.updated_at,
  };
}

export function createHelpArticleRepository(db: Kysely<Database>, dialect: Dialect): HelpArticleRepository {
  return {
    async upsert(article) {
      const values = {
        id: randomUUID(),
        merchant_id: article.merchantId,
        slug: article.slug,
        locale: article.locale,
        title: article.title,
        category: article.category,
        tags: writeJson(article.tags),
        keywords: writeJson(article.keywords ?? []),
        body_md: article.bodyMarkdown,
        published: writeFlag(article.published),
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
      return readInt(n);
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
            tags: writeJson(article.tags),
            // An editor that does not know keywords (an older console) leaves them as they are.
            ...(article.keywords ? { keywords: writeJson(article.keywords) } : {}),
            body_md: article.bodyMarkdown,
            published: writeFlag(article.published),
            updated_at: article.updatedAt,
          })
          .where('merchant_id', '=', merchantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row && toArticle(row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`an article with slug ${article.slug} exists already in ${article.locale}`);
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
          created_at: nowText(),
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
        const n = readInt(row.n);
        if (row.kind === 'view') entry.views = n;
        else if (row.kind === 'helpful') entry.helpful = n;
        else if (row.kind === 'not_helpful') entry.notHelpful = n;
        else if (row.kind === 'deflection') entry.deflections = n;
        stats.set(row.article_id, entry);
      }
      return stats;
    },
  };
}
