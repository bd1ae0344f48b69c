import {
  type HelpArticle,
  type HelpArticleSummary,
  type HelpHomeResponse,
  type HelpSearchResponse,
  type Locale,
  matchLocale,
} from '@topay-support/protocol';
import type { StoredArticle } from '../../storage/help-articles.js';
import type { MerchantRecord } from '../../storage/merchants.js';
import type { Storage } from '../../storage/storage.js';
import { chineseScriptOf, convertForReader, needsConversion } from './chinese-script.js';
import { articlePlainText, renderArticleHtml } from './markdown.js';
import { HelpSearchIndex } from './search-index.js';

const POPULAR = 6;

export function toSummary(article: StoredArticle, reader: Locale = article.locale): HelpArticleSummary {
  return {
    id: article.id,
    slug: article.slug,
    title: convertForReader(article.title, article.locale, reader),
    category: article.category,
  };
}

/** An article for reading; for a reader of the other Chinese script, converted and marked so. */
export function toHelpArticle(article: StoredArticle, reader: Locale = article.locale): HelpArticle {
  const converting = needsConversion(article.locale, reader);
  return {
    id: article.id,
    slug: article.slug,
    locale: converting ? reader : article.locale,
    title: convertForReader(article.title, article.locale, reader),
    category: article.category,
    html: renderArticleHtml(convertForReader(article.bodyMarkdown, article.locale, reader)),
    updatedAt: article.updatedAt,
    ...(converting ? { convertedFrom: article.locale } : {}),
  };
}

/** Where answers for a reader come from: `source` is the articles' locale, `reader` the one shown. */
interface Answer {
  source: Locale;
  reader: Locale;
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
            keywords: a.keywords ?? [],
            body: articlePlainText(a.bodyMarkdown),
          })),
          locale,
        ),
    );
    indexes.set(key, { version, index });
    return index;
  }

  /**
   * The requested locale when the merchant has articles in it; else, for a Chinese reader, the
   * articles in the other Chinese script, converted; else the merchant's default locale.
   */
  async function answerFor(merchant: MerchantRecord, requested: string | undefined): Promise<Answer> {
    const locale = matchLocale(requested);
    const fallback = { source: merchant.defaultLocale, reader: merchant.defaultLocale };
    if (!locale || locale === merchant.defaultLocale) return fallback;
    if ((await indexFor(merchant.id, locale)).size > 0) return { source: locale, reader: locale };
    const script = chineseScriptOf(locale);
    if (script) {
      const other: Locale = script === 'traditional' ? 'zh-CN' : 'zh-TW';
      if ((await indexFor(merchant.id, other)).size > 0) return { source: other, reader: locale };
    }
    return fallback;
  }

  return {
    indexFor,

    async search(
      merchant: MerchantRecord,
      query: string,
      requested?: string,
      limit = 8,
    ): Promise<HelpSearchResponse> {
      const { source, reader } = await answerFor(merchant, requested);
      const results = (await indexFor(merchant.id, source)).search(query, limit, reader);
      if (results.length === 0 && source !== merchant.defaultLocale) {
        // A Chinese reader falling back to articles in the other script still reads their own.
        const fallback = (await indexFor(merchant.id, merchant.defaultLocale)).search(query, limit, reader);
        if (fallback.length > 0) {
          const converted = fallback[0]?.convertedFrom !== undefined;
          return { locale: converted ? reader : merchant.defaultLocale, results: fallback };
        }
      }
      return { locale: reader, results };
    },

    /** By id (any locale) or by slug (in the answered locale, then the default one); `undefined` when unknown. */
    async article(
      merchant: MerchantRecord,
      idOrSlug: string,
      requested?: string,
    ): Promise<HelpArticle | undefined> {
      const byId = await storage.articles.findById(merchant.id, idOrSlug);
      const { source, reader } = await answerFor(merchant, requested);
      const found =
        byId ??
        (await storage.articles.findBySlug(merchant.id, idOrSlug, source)) ??
        (await storage.articles.findBySlug(merchant.id, idOrSlug, merchant.defaultLocale));
      if (!found?.published) return undefined;
      await storage.articles.recordEvent(merchant.id, found.id, 'view');
      // The reader's script when they read Chinese, whichever Chinese the article is written in.
      const readerLocale = matchLocale(requested) ?? reader;
      return toHelpArticle(found, readerLocale);
    },

    async home(merchant: MerchantRecord, requested?: string): Promise<HelpHomeResponse> {
      const { source, reader } = await answerFor(merchant, requested);
      const locale = reader;
      const [articles, stats] = await Promise.all([
        storage.articles.list(merchant.id, { locale: source, publishedOnly: true }),
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
        .map((article) => toSummary(article, reader));
      const categories = new Map<StoredArticle['category'], HelpArticleSummary[]>();
      for (const article of articles) {
        const list = categories.get(article.category) ?? [];
        list.push(toSummary(article, reader));
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
