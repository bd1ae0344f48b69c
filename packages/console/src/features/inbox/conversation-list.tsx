import { CONVERSATION_STATUSES } from '@topay-support/protocol';
import { type TabItem, Tabs, tabId, tabPanelId } from '../../ui/tabs.js';
import type { LocaleModel } from '../locale/model.js';
import type { InboxModel } from './model.js';

const ID_PREFIX = 'conversation-filter';

export function ConversationList({ inbox, locale }: { inbox: InboxModel; locale: LocaleModel }) {
  const t = locale.t.value;
  const filter = inbox.filter.value;
  const items = CONVERSATION_STATUSES.map(
    (status): TabItem<typeof status> => ({ value: status, label: t(`inbox.filter.${status}`) }),
  );
  return (
    <section class="sidebar" aria-labelledby="conversations-heading">
      <h2 id="conversations-heading" class="sidebar__title">
        {t('inbox.conversations')}
      </h2>
      <Tabs
        label={t('inbox.filterLabel')}
        items={items}
        selected={filter}
        onSelect={(status) => inbox.setFilter(status)}
        idPrefix={ID_PREFIX}
      />
      <div
        class="sidebar__panel"
        role="tabpanel"
        id={tabPanelId(ID_PREFIX)}
        aria-labelledby={tabId(ID_PREFIX, filter)}
      >
        <p class="empty-state">{t('inbox.empty')}</p>
      </div>
    </section>
  );
}
