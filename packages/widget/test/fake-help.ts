import type {
  ArticleCategory,
  HelpArticle,
  HelpArticleSummary,
  HelpSearchResult,
  Locale,
} from '@topay-support/protocol';
import type { HelpApi, HelpSearchOptions } from '@topay-support/sdk';

function article(
  slug: string,
  locale: Locale,
  category: ArticleCategory,
  title: string,
  html: string,
): HelpArticle {
  return {
    id: `${locale}-${slug}`,
    slug,
    locale,
    category,
    title,
    html,
    updatedAt: '2026-11-01T08:00:00.000Z',
  };
}

/** A few articles as the server would send them; `payment-failed` links to `refunds` and to an outside page. */
export const ARTICLES: HelpArticle[] = [
  article(
    'payment-failed',
    'en',
    'payments',
    'What to do when a payment fails',
    '<p>A payment can fail when the card is declined.</p><h2>What to try</h2><ul><li>Check the <strong>card</strong></li></ul>' +
      '<p>See <a href="article:refunds">how refunds work</a> or <a href="https://bank.example/help" target="_blank" rel="noopener noreferrer">your bank</a>.</p>',
  ),
  article('refunds', 'en', 'refunds', 'How refunds work', '<p>Refunds take 3–5 business days.</p>'),
  article(
    'forgot-password',
    'en',
    'account',
    'I forgot my password',
    '<p>Reset it from the sign-in page.</p>',
  ),
  article('payment-failed', 'zh-CN', 'payments', '付款不成功怎么办', '<p>银行卡被拒时付款会失败。</p>'),
  article('refunds', 'zh-CN', 'refunds', '退款多久到账', '<p>退款通常需要 3–5 个工作日。</p>'),
  article('forgot-password', 'zh-CN', 'account', '忘记密码怎么办', '<p>在登录页重置密码。</p>'),
];

const text = (html: string) => html.replace(/<[^>]*>/g, '');
const summary = ({ id, slug, title, category }: HelpArticle): HelpArticleSummary => ({
  id,
  slug,
  title,
  category,
});

/**
 * `client.help` in memory: plain substring search with [start, end) highlights into the snippet, and every call
 * recorded. `searchAnswer` replaces the search (e.g. with hostile snippets); `delay` holds answers back.
 */
export function fakeHelp(articles: HelpArticle[] = ARTICLES) {
  const calls = {
    search: [] as Array<{ q: string } & HelpSearchOptions>,
    article: [] as Array<{ ref: string; locale: Locale | undefined }>,
    home: [] as Array<Locale | undefined>,
    votes: [] as Array<[string, boolean]>,
    deflections: [] as string[],
  };
  const state = {
    searchAnswer: undefined as ((q: string, locale: Locale) => HelpSearchResult[]) | undefined,
    /** Milliseconds a search takes, so a test can type while one is in flight. */
    searchDelay: 0,
  };
  const inLocale = (locale: Locale | undefined) => articles.filter((a) => a.locale === (locale ?? 'zh-CN'));
  const help: HelpApi = {
    async search(q, options = {}) {
      calls.search.push({ q, ...options });
      if (state.searchDelay) await new Promise((resolve) => setTimeout(resolve, state.searchDelay));
      const locale = options.locale ?? 'zh-CN';
      const needle = q.toLowerCase();
      const results =
        state.searchAnswer?.(q, locale) ??
        inLocale(locale).flatMap((a): HelpSearchResult[] => {
          const snippet = text(a.html);
          const at = `${a.title} ${snippet}`.toLowerCase().indexOf(needle);
          if (at < 0) return [];
          const start = snippet.toLowerCase().indexOf(needle);
          const highlights: Array<[number, number]> = start < 0 ? [] : [[start, start + needle.length]];
          return [{ ...summary(a), snippet, highlights }];
        });
      return { locale, results: results.slice(0, options.limit ?? 8) };
    },
    async article(ref, options = {}) {
      calls.article.push({ ref, locale: options.locale });
      return inLocale(options.locale).find((a) => a.slug === ref || a.id === ref) ?? null;
    },
    async home(options = {}) {
      calls.home.push(options.locale);
      const list = inLocale(options.locale);
      const categories = [...new Set(list.map((a) => a.category))].map((category) => ({
        category,
        articles: list.filter((a) => a.category === category).map(summary),
      }));
      return { locale: options.locale ?? 'zh-CN', popular: list.slice(0, 2).map(summary), categories };
    },
    async vote(id, helpful) {
      calls.votes.push([id, helpful]);
    },
    async deflected(id) {
      calls.deflections.push(id);
    },
  };
  return { help, calls, state };
}
