import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';

export interface ArticlesScreenProps {
  workspace: Workspace;
  locale: LocaleModel;
  /** null for the list, `NEW_ARTICLE` for a new one, else the article being edited (admins) or read. */
  articleId: string | null;
  isAdmin: boolean;
}

type ScreenModule = typeof import('./articles-screen.js');

// Module state on purpose: the chunk is fetched once per page, whichever mount asks first.
let loading: Promise<ScreenModule> | undefined;

/**
 * The articles screen, fetched on first use: most agents spend their day in the inbox, so its list,
 * editor, Markdown preview and their strings stay out of the bundle every sign-in loads.
 */
export function LazyArticlesScreen(props: ArticlesScreenProps) {
  const t = props.locale.t.value;
  const [screen, setScreen] = useState<ScreenModule | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loading ??= import('./articles-screen.js');
    loading.then(
      (module) => live && setScreen(module),
      () => {
        // A deploy replaced the chunk, or the network dropped: the next attempt fetches again.
        loading = undefined;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (screen) return <screen.ArticlesScreen {...props} />;
  return (
    <main class="articles articles--loading">
      {failed ? (
        <Alert tone="error">
          {t('articlesScreen.loadError')}{' '}
          <Button
            variant="secondary"
            onClick={() => {
              setFailed(false);
              setAttempt(attempt + 1);
            }}
          >
            {t('articlesScreen.retry')}
          </Button>
        </Alert>
      ) : (
        <p class="detail__placeholder" role="status">
          {t('articlesScreen.loading')}
        </p>
      )}
    </main>
  );
}
