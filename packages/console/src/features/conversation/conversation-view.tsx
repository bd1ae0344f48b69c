import { matchLocale } from '@topay-support/protocol';
import { useEffect } from 'preact/hooks';
import { Alert } from '../../ui/alert.js';
import { SuggestionCard } from '../assistant/suggestion-card.js';
import { visitorLabel } from '../inbox/format.js';
import type { LocaleModel } from '../locale/model.js';
import type { Workspace } from '../workspace/model.js';
import { ComposerView } from './composer-view.js';
import { ContextPanel } from './context-panel.js';
import { CONVERSATION_HEADING_ID, ConversationHeader } from './conversation-header.js';
import { MessageList } from './message-list.js';
import type { ConversationModel } from './model.js';

export interface ConversationViewProps {
  model: ConversationModel;
  workspace: Workspace;
  locale: LocaleModel;
  onBack(): void;
}

export function ConversationView({ model, workspace, locale, onBack }: ConversationViewProps) {
  const t = locale.t.value;
  const conversation = model.conversation.value;
  const arrival = model.arrival.value;

  useEffect(() => {
    // A newly opened conversation takes focus at its heading, so screen readers say whose it is.
    document.getElementById(CONVERSATION_HEADING_ID)?.focus({ preventScroll: true });
  }, [model.id, conversation === undefined]);

  if (!conversation) {
    return (
      <div class="conversation conversation--empty">
        {model.loadError.value ? (
          <Alert tone="error">{t('conversation.loadError')}</Alert>
        ) : (
          <p class="detail__placeholder">{t('conversation.loading')}</p>
        )}
      </div>
    );
  }

  return (
    <div class="conversation">
      <div class="conversation__main">
        <ConversationHeader model={model} workspace={workspace} locale={locale} onBack={onBack} />
        {model.loadError.value ? <Alert tone="error">{t('conversation.loadError')}</Alert> : null}
        <MessageList
          model={model}
          outbox={workspace.outbox}
          locale={locale}
          resolveUrl={workspace.attachmentUrl}
        />
        {conversation.status !== 'resolved' ? (
          <SuggestionCard conversationId={model.id} workspace={workspace} locale={locale} />
        ) : null}
        <ComposerView
          conversationId={model.id}
          resolved={conversation.status === 'resolved'}
          visitorLocale={matchLocale(conversation.context.locale) ?? null}
          workspace={workspace}
          locale={locale}
        />
        {/* New visitor messages only; the history itself is not re-read on every render. */}
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">
          {arrival
            ? t('conversation.announce', {
                name: visitorLabel(conversation.visitor, t),
                text: arrival.text || t('inbox.attachmentOnly'),
              })
            : ''}
        </div>
      </div>
      <ContextPanel conversation={conversation} locale={locale} api={workspace} />
    </div>
  );
}
