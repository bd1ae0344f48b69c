import { Button } from '../../ui/button.js';
import type { SessionModel } from '../auth/session.js';
import { LocaleSwitch } from '../locale/locale-switch.js';
import type { LocaleModel } from '../locale/model.js';
import { NotificationButton } from '../notifications/notification-button.js';
import { PresenceToggle } from '../presence/presence-toggle.js';
import {
  ASSISTANT_HASH,
  articlesHash,
  conversationHash,
  securityHash,
} from '../routing/conversation-route.js';
import type { Workspace } from '../workspace/model.js';

export interface InboxHeaderProps {
  session: SessionModel;
  workspace: Workspace;
  locale: LocaleModel;
}

export function InboxHeader({ session, workspace, locale }: InboxHeaderProps) {
  const t = locale.t.value;
  const agent = session.agent.value;
  const merchant = session.merchant.value;
  const screenName = workspace.screen.value.name;
  const onArticles = screenName === 'articles';
  const current = workspace.current.value?.id;
  return (
    <header class="topbar">
      <div class="topbar__brand">
        <span class="brand__mark" aria-hidden="true" />
        <div class="topbar__titles">
          <span class="topbar__merchant" dir="auto">
            {merchant?.name}
          </span>
          <span class="topbar__product">{t('app.name')}</span>
        </div>
      </div>
      <nav class="topbar__nav" aria-label={t('nav.label')}>
        {/* Real links: the route binder follows the hash, so Back, new tabs and the guard all work. */}
        <a
          class="topbar__link"
          href={current ? conversationHash(current) : '#'}
          aria-current={screenName === 'inbox' ? 'page' : undefined}
        >
          {t('nav.inbox')}
        </a>
        <a class="topbar__link" href={articlesHash(null)} aria-current={onArticles ? 'page' : undefined}>
          {t('nav.articles')}
        </a>
        <a
          class="topbar__link"
          href={securityHash}
          aria-current={screenName === 'security' ? 'page' : undefined}
        >
          {t('nav.security')}
        </a>
        {agent?.role === 'admin' ? (
          <a
            class="topbar__link"
            href={ASSISTANT_HASH}
            aria-current={screenName === 'assistant' ? 'page' : undefined}
          >
            {t('nav.assistant')}
          </a>
        ) : null}
      </nav>
      <div class="topbar__actions">
        <PresenceToggle presence={workspace.presence} locale={locale} />
        <NotificationButton notifications={workspace.notifications} locale={locale} />
        <Button variant="quiet" aria-haspopup="dialog" onClick={() => workspace.setCannedOpen(true)}>
          {t('canned.manage')}
        </Button>
        <Button
          variant="quiet"
          aria-keyshortcuts="?"
          aria-label={t('shortcuts.button')}
          title={t('shortcuts.button')}
          onClick={() => workspace.setHelpOpen(true)}
        >
          <span aria-hidden="true">?</span>
        </Button>
        <LocaleSwitch locale={locale} />
        {agent ? (
          <div class="topbar__agent">
            <span class="topbar__agent-name" dir="auto" title={agent.email}>
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
