import { lazyScreen } from '../../ui/lazy-screen.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';

export interface ArticlesScreenProps {
  workspace: Workspace;
  locale: LocaleModel;
  /** null for the list, `NEW_ARTICLE` for a new one, else the article being edited (admins) or read. */
  articleId: string | null;
  isAdmin: boolean;
}

/**
 * The articles screen, fetched on first use: most agents spend their day in the inbox, so its list,
 * editor, Markdown preview and their strings stay out of the bundle every sign-in loads.
 */
export const LazyArticlesScreen = lazyScreen<ArticlesScreenProps>(
  () => import('./articles-screen.js').then((module) => module.ArticlesScreen),
  {
    className: 'articles articles--loading',
    loadingKey: 'articlesScreen.loading',
    errorKey: 'articlesScreen.loadError',
  },
);
