import type { ComponentChildren } from 'preact';
import { useModel, useT } from '../../app/context.js';
import { Notice } from '../../ui/notice.js';
import { PanelHeader } from '../panel/panel-header.js';
import { Composer } from './composer.js';
import { ContactForm } from './contact-form.js';
import { ConversationTabs } from './conversation-tabs.js';
import { MessageList } from './message-list.js';
import { Resolved } from './resolved.js';
import type { ChatRoom } from './room.js';
import { TopicPicker } from './topic-picker.js';
import { useChatT } from './use-chat-t.js';

/** The chat view once its chunk has loaded: one screen per phase of the room. */
export function ChatScreen({ room }: { room: ChatRoom }) {
  const model = useModel();
  const home = useT();
  const t = useChatT();
  const phase = room.phase.value;
  const snapshot = room.snapshot.value;
  const inConversation = phase.name === 'conversation' && snapshot !== undefined;
  const title = (inConversation && snapshot.assignee) || home('chat.title');

  let body: ComponentChildren;
  if (phase.name === 'failed')
    body = (
      <Notice icon="offline" title={t('chat.failed')} body={t('chat.failedBody')}>
        <button type="button" class="primary" onClick={() => room.start()}>
          {t('chat.retry')}
        </button>
      </Notice>
    );
  else if (phase.name === 'topics') body = <TopicPicker room={room} />;
  else if (phase.name === 'form') body = <ContactForm key={phase.kind} room={room} kind={phase.kind} />;
  else if (inConversation) body = <MessageList room={room} />;
  else
    body = (
      <div class="notice" role="status">
        <div class="spinner" aria-hidden="true" />
        <p>{t('chat.connecting')}</p>
      </div>
    );

  return (
    <>
      <PanelHeader title={title} onBack={model.showHome} />
      {phase.name !== 'topics' && <ConversationTabs room={room} />}
      {inConversation && room.connection.value !== 'connected' && (
        <p class="chat-banner" role="status">
          {t('chat.reconnecting')}
        </p>
      )}
      {inConversation && snapshot.assistant === 'answering' && snapshot.status !== 'resolved' && (
        // While the assistant answers, a person stays one tap away.
        <p class="chat-banner assist-bar">
          {t('chat.assistantOn')}{' '}
          <button type="button" class="link" onClick={room.requestAgent}>
            {t('chat.toPerson')}
          </button>
        </p>
      )}
      <div class="body chat-body">{body}</div>
      {inConversation &&
        (snapshot.status === 'resolved' ? <Resolved room={room} /> : <Composer room={room} />)}
    </>
  );
}
