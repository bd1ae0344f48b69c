import type { Locale } from './locales.js';

export const ARTICLE_CATEGORIES = ['account', 'payments', 'security', 'refunds', 'support'] as const;
export type ArticleCategory = (typeof ARTICLE_CATEGORIES)[number];

/** One search hit (docs/sdk.md). `highlights` are [start, end) character ranges into `snippet`, never HTML. */
export interface HelpSearchResult {
  id: string;
  slug: string;
  title: string;
  snippet: string;
  highlights: Array<[start: number, end: number]>;
  category: ArticleCategory;
  /**
   * Set when the title and snippet were converted from an article written in this locale's
   * other Chinese script (a zh-TW reader of a zh-CN article reads it in Traditional).
   */
  convertedFrom?: Locale;
}

/** `GET /v1/help/search` answer; `locale` is the one answered after falling back to the merchant's default. */
export interface HelpSearchResponse {
  locale: Locale;
  results: HelpSearchResult[];
}

/** An article for reading; `html` is already reduced to the safe subset (headings, lists, links, emphasis, code). */
export interface HelpArticle {
  id: string;
  slug: string;
  locale: Locale;
  title: string;
  category: ArticleCategory;
  html: string;
  updatedAt: string;
  /**
   * Set when the article was written in the other Chinese script and converted for this reader
   * (`locale` is then the reader's): the widget says so.
   */
  convertedFrom?: Locale;
}

export interface HelpArticleSummary {
  id: string;
  slug: string;
  title: string;
  category: ArticleCategory;
}

/** `GET /v1/help/home` answer: what the widget's home view lists before anyone searches. */
export interface HelpHomeResponse {
  locale: Locale;
  popular: HelpArticleSummary[];
  categories: Array<{ category: ArticleCategory; articles: HelpArticleSummary[] }>;
}

/** `POST /v1/help/articles/:id/feedback` body: a vote, or a chat question the article answered instead. */
export type HelpFeedback = { kind: 'vote'; helpful: boolean } | { kind: 'deflection' };

/** An article as admins edit it in the console. */
export interface ArticleDraft {
  slug: string;
  locale: Locale;
  title: string;
  category: ArticleCategory;
  tags: string[];
  /**
   * Search-only words: what customers type that the article does not say (never shown to visitors).
   * Left out, an update keeps the stored ones.
   */
  keywords?: string[];
  markdown: string;
  published: boolean;
}

export interface AgentArticle extends ArticleDraft {
  id: string;
  keywords: string[];
  updatedAt: string;
  /** Path of the public page of this article (`/help/<merchantKey>/<locale>/<slug>`), for links in replies. */
  url: string;
  stats: { helpful: number; notHelpful: number; deflections: number; views: number };
}

/** `GET /v1/agent/articles` answer: search hits best first (with `q`), else every article the agent may see. */
export interface AgentArticlesResponse {
  articles: AgentArticle[];
}

/** `GET /v1/agent/articles/:id`, `POST /v1/agent/articles` and `PUT /v1/agent/articles/:id` answer. */
export interface AgentArticleResponse {
  article: AgentArticle;
}

/** `POST /v1/agent/articles/preview` body (admins only). */
export interface ArticlePreviewRequest {
  markdown: string;
}

/** `POST /v1/agent/articles/preview` answer: the safe-subset HTML the widget would show. */
export interface ArticlePreviewResponse {
  html: string;
}
