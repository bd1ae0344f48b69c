import type {
  HelpArticle,
  HelpFeedback,
  HelpHomeResponse,
  HelpSearchResponse,
  Locale,
} from '@topay-support/protocol';
import { SupportError } from './errors.js';
import { type HttpOptions, requestJson } from './http.js';

export interface HelpOptions {
  /** The locale to answer in; the client's `locale`, else the merchant's default. The server falls back to the default. */
  locale?: Locale | undefined;
}

export interface HelpSearchOptions extends HelpOptions {
  /** At most this many results (1–20; the server's default is 8). */
  limit?: number | undefined;
  /** Cancels the search, e.g. once the visitor has typed further. */
  signal?: AbortSignal | undefined;
}

/** The help center as visitors see it (docs/sdk.md): search, articles, the home lists, feedback. */
export interface HelpApi {
  /**
   * Searches published articles; Chinese and English both work.
   *
   * @example
   * const { results } = await client.help.search('付款不成功怎么办', { locale: 'zh-CN' });
   * results[0]?.slug; // 'payment-failed'
   */
  search(q: string, options?: HelpSearchOptions): Promise<HelpSearchResponse>;
  /**
   * One article by id or slug, `null` when there is none. `html` is already the safe subset.
   *
   * @example
   * const article = await client.help.article('forgot-password', { locale: 'en' });
   */
  article(idOrSlug: string, options?: HelpOptions): Promise<HelpArticle | null>;
  /**
   * Popular articles and every category's articles, for a help home page.
   *
   * @example
   * const { popular, categories } = await client.help.home();
   */
  home(options?: HelpOptions): Promise<HelpHomeResponse>;
  /**
   * "Was this helpful?" for an article id.
   *
   * @example
   * await client.help.vote(article.id, true);
   */
  vote(id: string, helpful: boolean): Promise<void>;
  /**
   * Records that an article suggested while the visitor wrote a chat message was opened instead.
   *
   * @example
   * await client.help.deflected(suggestion.id);
   */
  deflected(id: string): Promise<void>;
}

/** The help calls of a client; `closed` makes every call reject once the client is closed. */
export function createHelpApi(http: HttpOptions, locale: Locale | undefined, closed: () => boolean): HelpApi {
  const call = <T>(path: string, options: Parameters<typeof requestJson>[2]): Promise<T> =>
    closed()
      ? Promise.reject(new SupportError('network_error', 'the support client is closed'))
      : requestJson<T>(http, path, options);
  const article = (id: string) => `/v1/help/articles/${encodeURIComponent(id)}`;
  const feedback = (id: string, body: HelpFeedback) =>
    call<void>(`${article(id)}/feedback`, { method: 'POST', body });
  const content = (options?: HelpOptions) => ({ locale: options?.locale ?? locale });

  return {
    search: (q, options) =>
      call('/v1/help/search', {
        query: { ...content(options), q, limit: options?.limit?.toString() },
        signal: options?.signal,
      }),
    article: (idOrSlug, options) =>
      call<{ article: HelpArticle }>(article(idOrSlug), { query: content(options) }).then(
        (answer) => answer.article,
        (error: unknown) => {
          if (error instanceof SupportError && error.code === 'not_found') return null;
          throw error;
        },
      ),
    home: (options) => call('/v1/help/home', { query: content(options) }),
    vote: (id, helpful) => feedback(id, { kind: 'vote', helpful }),
    deflected: (id) => feedback(id, { kind: 'deflection' }),
  };
}
