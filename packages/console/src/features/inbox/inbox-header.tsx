import { Button } from '../../ui/button.js';
import type { SessionModel } from '../auth/session.js';
import { LocaleSwitch } from '../locale/locale-switch.js';
import type { LocaleModel } from '../locale/model.js';

export function InboxHeader({ session, locale }: { session: SessionModel; locale: LocaleModel }) {
  const t = locale.t.value;
  const agent = session.agent.value;
  const merchant = session.merchant.value;
  return (
    <header class="topbar">
      <div class="topbar__brand">
        <span class="brand__mark" aria-hidden="true" />
        <div class="topbar__titles">
          <span class="topbar__merchant">{merchant?.name}</span>
          <span class="topbar__product">{t('app.name')}</span>
        </div>
      </div>
      <div class="topbar__actions">
        <LocaleSwitch locale={locale} />
        {agent ? (
          <div class="topbar__agent">
            <span class="topbar__agent-name" title={agent.email}>
              {agent.name}
            </span>
            <span class="badge">{t(agent.role === 'admin' ? 'role.admin' : 'role.agent')}</span>
          </div>
        ) : null}
        <Button variant="secondary" onClick={() => session.logout()}>
          {t('inbox.logout')}
        </Button>
      </div>
    </header>
  );
}
