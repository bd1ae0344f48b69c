import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MessageKey } from '../features/locale/en.js';
import type { LocaleModel } from '../features/locale/model.js';
import { Alert } from './alert.js';
import { Button } from './button.js';

export interface LazyScreenOptions {
  /** Classes of the `<main>` shown while the chunk loads or after it failed. */
  className: string;
  loadingKey: MessageKey;
  errorKey: MessageKey;
}

/**
 * A screen whose code is fetched on first use, with a loading line and a retry when the fetch fails.
 * Admin screens most agents never open stay out of the bundle every sign-in loads.
 *
 * @example
 * export const LazyArticlesScreen = lazyScreen(
 *   () => import('./articles-screen.js').then((m) => m.ArticlesScreen),
 *   { className: 'articles', loadingKey: 'articlesScreen.loading', errorKey: 'articlesScreen.loadError' },
 * );
 */
export function lazyScreen<P extends { locale: LocaleModel }>(
  load: () => Promise<ComponentType<P>>,
  options: LazyScreenOptions,
): (props: P) => JSX.Element {
  // Per screen, not per mount: the chunk is fetched once per page, whichever mount asks first.
  let loading: Promise<ComponentType<P>> | undefined;

  return function LazyScreen(props: P) {
    const t = props.locale.t.value;
    const [Screen, setScreen] = useState<ComponentType<P> | null>(null);
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);

    useEffect(() => {
      let live = true;
      loading ??= load();
      loading.then(
        // A component is a function: wrap it so the state setter stores it instead of calling it.
        (component) => live && setScreen(() => component),
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

    if (Screen) return <Screen {...props} />;
    return (
      <main class={options.className}>
        {failed ? (
          <Alert tone="error">
            {t(options.errorKey)}{' '}
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
            {t(options.loadingKey)}
          </p>
        )}
      </main>
    );
  };
}
