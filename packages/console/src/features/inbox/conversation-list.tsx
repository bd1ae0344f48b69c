import { CONVERSATION_STATUSES, TOPICS } from '@topay-support/protocol';
import { useId } from 'preact/hooks';
import { Button } from '../../ui/button.js';
import { type TabItem, Tabs, tabId, tabPanelId } from '../../ui/tabs.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';
import { ConversationRow } from './conversation-row.js';

const ID_PREFIX = 'conversation-filter';
/** The search box's id, so the `/` shortcut can focus it. */
export const SEARCH_INPUT_ID = 'conversation-search';

export function ConversationList({ workspace, locale }: { workspace: Workspace; locale: LocaleModel }) {
  const t = locale.t.value;
  const { inbox } = workspace;
  const filter = inbox.filter.value;
  const topicId = useId();
  const list = inbox.visible.value;
  const selectedId = workspace.current.value?.id;
  const now = workspace.clock.now.value;
  const error = inbox.error.value;
  const items = CONVERSATION_STATUSES.map(
    (status): TabItem<typeof status> => ({ value: status, label: t(`inbox.filter.${status}`) }),
  );
  return (
    <section class="sidebar" aria-labelledby="conversations-heading">
      <h2 id="conversations-heading" class="sidebar__title">
        {t('inbox.conversations')}
      </h2>
      <search class="sidebar__filters">
        <label class="visually-hidden" for={SEARCH_INPUT_ID}>
          {t('inbox.search')}
        </label>
        <input
          id={SEARCH_INPUT_ID}
          dir="auto"
          class="field__input"
          type="search"
          placeholder={t('inbox.searchPlaceholder')}
          value={inbox.query.value}
          onInput={(event) => inbox.setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
        <label class="visually-hidden" for={topicId}>
          {t('inbox.topicLabel')}
        </label>
        <select
          id={topicId}
          class="locale-switch__select"
          value={inbox.topic.value ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            inbox.setTopic(TOPICS.find((topic) => topic === value) ?? null);
          }}
        >
          <option value="">{t('topic.all')}</option>
          {TOPICS.map((topic) => (
            <option key={topic} value={topic}>
              {t(`topic.${topic}`)}
            </option>
          ))}
        </select>
      </search>
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
        aria-busy={inbox.loading.value ? 'true' : 'false'}
      >
        {error ? (
          <div class="sidebar__notice" role="alert">
            {t('inbox.loadError')}{' '}
            <Button variant="quiet" onClick={() => void inbox.resync()}>
              {t('inbox.retry')}
            </Button>
          </div>
        ) : null}
        {list.length > 0 ? (
          <ul class="rows" aria-labelledby={tabId(ID_PREFIX, filter)}>
            {list.map((conversation) => (
              <ConversationRow
                key={conversation.id}
                conversation={conversation}
                selected={conversation.id === selectedId}
                agentId={workspace.agent.id}
                now={now}
                t={t}
                locale={locale.locale.value}
                onOpen={workspace.select}
              />
            ))}
          </ul>
        ) : inbox.loading.value ? (
          <p class="empty-state">{t('inbox.loading')}</p>
        ) : (
          <p class="empty-state">
            {inbox.query.value.trim() || inbox.topic.value
              ? t('inbox.emptySearch')
              : t(`inbox.empty.${filter}`)}
          </p>
        )}
        {inbox.hasMore.value ? (
          <div class="sidebar__more">
            <Button variant="quiet" busy={inbox.loading.value} onClick={() => void inbox.loadMore()}>
              {t('inbox.loadMore')}
            </Button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
