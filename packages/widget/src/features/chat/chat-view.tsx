import { isolate } from '@topay-support/protocol';
import { useModel, useT } from '../../app/context.js';
import { BidiText } from '../../ui/bidi-text.js';
import { Notice } from '../../ui/notice.js';
import { PanelHeader } from '../panel/panel-header.js';

/** The chat view's frame in the home bundle: a spinner while the chat chunk loads, then the chunk's screen. */
export function ChatView() {
  const model = useModel();
  const t = useT();
  const { chat } = model;
  const status = chat.status.value;
  const Screen = chat.chunk.value?.ChatScreen;
  const room = chat.room.value;
  if (Screen && room) return <Screen room={room} />;
  return (
    <>
      <PanelHeader title={t('chat.title')} onBack={model.showHome} />
      <div class="body">
        {status === 'unavailable' ? (
          <Notice icon="message" title={t('chat.unavailable')} body={t('chat.unavailableBody')}>
            {chat.draft.value && (
              <p class="detail">
                <BidiText text={t('chat.draft', { text: isolate(chat.draft.value) })} />
              </p>
            )}
          </Notice>
        ) : status === 'failed' ? (
          <Notice icon="offline" title={t('connection.title')} body={t('connection.body')}>
            <button type="button" class="primary" onClick={chat.retry}>
              {t('connection.retry')}
            </button>
          </Notice>
        ) : (
          <div class="notice" role="status">
            <div class="spinner" aria-hidden="true" />
            <p>{t('panel.loading')}</p>
          </div>
        )}
      </div>
    </>
  );
}
