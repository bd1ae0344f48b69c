import { type ReadonlySignal, signal } from '@preact/signals';

export interface HelpModel {
  /** The last search the visitor or the host page asked for. */
  readonly query: ReadonlySignal<string>;
  /** The article `showArticle` asked for, by id or slug. */
  readonly articleId: ReadonlySignal<string | undefined>;
  search(query: string): void;
  showArticle(idOrSlug: string): void;
  /** Browsing the help center without a particular question. */
  browse(): void;
}

export function createHelpModel(): HelpModel {
  const query = signal('');
  const articleId = signal<string | undefined>(undefined);
  return {
    query,
    articleId,
    search(next) {
      query.value = next;
      articleId.value = undefined;
    },
    showArticle(idOrSlug) {
      articleId.value = idOrSlug;
    },
    browse() {
      query.value = '';
      articleId.value = undefined;
    },
  };
}
