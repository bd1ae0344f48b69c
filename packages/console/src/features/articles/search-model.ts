import { type ReadonlySignal, signal } from '@preact/signals';
import type { AgentArticle, Locale } from '@topay-support/protocol';
import type { ArticlesApi } from '../../agent-api.js';

export type ArticleSearchStatus = 'idle' | 'searching' | 'done' | 'error';

export interface ArticleSearchModel {
  readonly query: ReadonlySignal<string>;
  readonly locale: ReadonlySignal<Locale>;
  readonly results: ReadonlySignal<readonly AgentArticle[]>;
  readonly status: ReadonlySignal<ArticleSearchStatus>;
  /** Searches once typing pauses; an empty query clears the results. */
  setQuery(query: string): void;
  /** Searches again at once in the other language. */
  setLocale(locale: Locale): void;
  dispose(): void;
}

export interface ArticleSearchOptions {
  api: Pick<ArticlesApi, 'searchArticles'>;
  locale: Locale;
  /** Typing pause before a request; every keystroke would be a request otherwise. */
  debounceMs?: number;
}

/**
 * The search behind the composer's article picker. Answers can arrive out of order (a slow "退" after
 * a fast "退款"), so only the answer to the latest request is kept.
 *
 * @example
 * const search = createArticleSearch({ api, locale: 'zh-CN' });
 * search.setQuery('忘记密码');
 * // later: search.results.value[0].title
 */
export function createArticleSearch(options: ArticleSearchOptions): ArticleSearchModel {
  const debounceMs = options.debounceMs ?? 250;
  const query = signal('');
  const locale = signal<Locale>(options.locale);
  const results = signal<readonly AgentArticle[]>([]);
  const status = signal<ArticleSearchStatus>('idle');
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Version number of the latest request: an older answer that arrives later is dropped.
  let latest = 0;

  async function run() {
    timer = undefined;
    const q = query.peek().trim();
    const version = ++latest;
    if (q === '') {
      results.value = [];
      status.value = 'idle';
      return;
    }
    status.value = 'searching';
    try {
      const found = await options.api.searchArticles(q, locale.peek());
      if (version !== latest) return;
      results.value = found;
      status.value = 'done';
    } catch {
      if (version !== latest) return;
      status.value = 'error';
    }
  }

  function schedule(delay: number) {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  }

  return {
    query,
    locale,
    results,
    status,
    setQuery(next) {
      if (next === query.peek()) return;
      query.value = next;
      schedule(debounceMs);
    },
    setLocale(next) {
      if (next === locale.peek()) return;
      locale.value = next;
      schedule(0);
    },
    dispose() {
      clearTimeout(timer);
      // Whatever is still in flight lands nowhere.
      latest += 1;
    },
  };
}
