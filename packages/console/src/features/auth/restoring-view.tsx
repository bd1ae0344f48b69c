import type { LocaleModel } from '../locale/model.js';

/** Shown while a stored token is being checked; brief, so no spinner theatre. */
export function RestoringView({ locale }: { locale: LocaleModel }) {
  return (
    <div class="auth-screen" aria-busy="true">
      <p class="auth-screen__status" role="status">
        {locale.t.value('app.checkingSession')}
      </p>
    </div>
  );
}
