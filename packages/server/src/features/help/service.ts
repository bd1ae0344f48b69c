import {
  type HelpArticle,
  type HelpArticleSummary,
  type HelpHomeResponse,
  type HelpSearchResponse,
  type Locale,
  matchLocale,
} from '@topay-support/protocol';
import type { MerchantRecord, Storage, StoredArticle } from '../../storage/types.js';
import { articlePlainText, renderArticleHtml } from './markdown.js';
import { HelpSearchIndex } from './search-index.js';

const POPULAR = 6;

export function toSummary(article: StoredArticle): HelpArticleSummary {
  return { id: article.id, slug: article.slug, title: article.title, category: article.category };
}

export function toHelpArticle(article: StoredArticle): HelpArticle {
  return {
    id: article.id,
    slug: article.slug,
    locale: article.locale,
    title: article.title,
    category: article.category,
    html: renderArticleHtml(article.bodyMarkdown),
    updatedAt: article.updatedAt,
  };
}

/**
 * The help center: search, reading and feedback for one merchant's published articles. Search
 * indexes are built per merchant and locale on first use and rebuilt when an article changes.
 */
export function createHelpService(storage: Storage) {
  const indexes = new Map<string, { version: string; index: Promise<HelpSearchIndex> }>();

  async function indexFor(merchantId: string, locale: Locale): Promise<HelpSearchIndex> {
    const key = `${merchantId}:${locale}`;
    const version = await storage.articles.version(merchantId, locale);
    const cached = indexes.get(key);
    if (cached && cached.version === version) return cached.index;
    const index = storage.articles.list(merchantId, { locale, publishedOnly: true }).then(
      (articles) =>
        new HelpSearchIndex(
          articles.map((a) => ({
            id: a.id,
            slug: a.slug,
            title: a.title,
            category: a.category,
            tags: a.tags,
            body: articlePlainText(a.bodyMarkdown),
          })),
        ),
    );
    indexes.set(key, { version, index });
    return index;
  }

  /** The requested locale when the merchant has articles in it, else the merchant's default. */
  async function answerLocale(merchant: MerchantRecord, requested: string | undefined): Promise<Locale> {
    const locale = matchLocale(requested);
    if (!locale || locale === merchant.defaultLocale) return merchant.defaultLocale;
    return (await indexFor(merchant.id, locale)).size > 0 ? locale : merchant.defaultLocale;
  }

  return {
    indexFor,

    async search(
      merchant: MerchantRecord,
      query: string,
      requested?: string,
      limit = 8,
    ): Promise<HelpSearchResponse> {
      const locale = await answerLocale(merchant, requested);
      const results = (await indexFor(merchant.id, locale)).search(query, limit);
      if (results.length === 0 && locale !== merchant.defaultLocale) {
        const fallback = (await indexFor(merchant.id, merchant.defaultLocale)).search(query, limit);
        if (fallback.length > 0) return { locale: merchant.defaultLocale, results: fallback };
      }
      return { locale, results };
    },

    /** By id (any locale) or by slug (in the answered locale, then the default one); `undefined` when unknown. */
    async article(
      merchant: MerchantRecord,
      idOrSlug: string,
      requested?: string,
    ): Promise<HelpArticle | undefined> {
      const byId = await storage.articles.findById(merchant.id, idOrSlug);
      const locale = await answerLocale(merchant, requested);
      const found =
        byId ??
        (await storage.articles.findBySlug(merchant.id, idOrSlug, locale)) ??
        (await storage.articles.findBySlug(merchant.id, idOrSlug, merchant.defaultLocale));
      if (!found?.published) return undefined;
      await storage.articles.recordEvent(merchant.id, found.id, 'view');
      return toHelpArticle(found);
    },

    async home(merchant: MerchantRecord, requested?: string): Promise<HelpHomeResponse> {
      const locale = await answerLocale(merchant, requested);
      const [articles, stats] = await Promise.all([
        storage.articles.list(merchant.id, { locale, publishedOnly: true }),
        storage.articles.stats(merchant.id),
      ]);
      const score = (a: StoredArticle) => {
        const s = stats.get(a.id);
        return s ? s.views + 3 * s.helpful + 2 * s.deflections - 2 * s.notHelpful : 0;
      };
      // Until visitors have read anything, payments questions lead: they are what people ask most.
      const popular = [...articles]
        .sort(
          (a, b) =>
            score(b) - score(a) || Number(b.category === 'payments') - Number(a.category === 'payments'),
        )
        .slice(0, POPULAR)
        .map(toSummary);
      const categories = new Map<StoredArticle['category'], HelpArticleSummary[]>();
      for (const article of articles) {
        const list = categories.get(article.category) ?? [];
        list.push(toSummary(article));
        categories.set(article.category, list);
      }
      return {
        locale,
        popular,
        categories: [...categories].map(([category, list]) => ({ category, articles: list })),
      };
    },

    async feedback(
      merchant: MerchantRecord,
      articleId: string,
      kind: 'helpful' | 'not_helpful' | 'deflection',
    ): Promise<boolean> {
      const article = await storage.articles.findById(merchant.id, articleId);
      if (!article?.published) return false;
      await storage.articles.recordEvent(merchant.id, article.id, kind);
      return true;
    },
  };
}

export type HelpService = ReturnType<typeof createHelpService>;
