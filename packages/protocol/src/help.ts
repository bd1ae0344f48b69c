export const ARTICLE_CATEGORIES = ['account', 'payments', 'security', 'refunds', 'support'] as const;
export type ArticleCategory = (typeof ARTICLE_CATEGORIES)[number];
