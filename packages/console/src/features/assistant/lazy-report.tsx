import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';

export interface AssistantReportProps {
  workspace: Workspace;
  locale: LocaleModel;
  isAdmin: boolean;
}

type ScreenModule = typeof import('./report-screen.js');

// Module state on purpose: the chunk is fetched once per page, whichever mount asks first.
let loading: Promise<ScreenModule> | undefined;

/** The assistant report, fetched on first use: only admins open it, and rarely. */
export function LazyAssistantReport(props: AssistantReportProps) {
  const t = props.locale.t.value;
  const [screen, setScreen] = useState<ScreenModule | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loading ??= import('./report-screen.js');
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

  if (screen) return <screen.AssistantReportScreen {...props} />;
  return (
    <main class="report">
      {failed ? (
        <Alert tone="error">
          {t('report.loadError')}{' '}
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
          {t('report.loading')}
        </p>
      )}
    </main>
  );
}
