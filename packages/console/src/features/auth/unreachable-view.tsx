import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import type { LocaleModel } from '../locale/model.js';
import { describeFailure } from './failure-message.js';
import type { SessionModel } from './session.js';

/** A stored token could not be checked because the server did not answer; the agent decides what next. */
export function UnreachableView({ session, locale }: { session: SessionModel; locale: LocaleModel }) {
  const t = locale.t.value;
  const failure = session.restoreError.value;
  return (
    <div class="auth-screen">
      <main class="auth-card" aria-labelledby="restore-heading">
        <h1 id="restore-heading" class="auth-card__title">
          {t('restore.heading')}
        </h1>
        {failure ? <Alert tone="error">{describeFailure(failure, t, locale.locale.value)}</Alert> : null}
        <div class="auth-card__actions">
          <Button variant="primary" onClick={() => void session.restore()}>
            {t('restore.retry')}
          </Button>
          <Button variant="quiet" onClick={() => session.logout()}>
            {t('inbox.logout')}
          </Button>
        </div>
      </main>
    </div>
  );
}
