import { isolate, TOPICS } from '@topay-support/protocol';
import { BidiText } from '../../ui/bidi-text.js';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

export function TopicPicker({ room }: { room: ChatRoom }) {
  const t = useChatT();
  const draft = room.draft.value;
  return (
    <div class="chat-start">
      <h3 class="chat-heading">{t('chat.topicsTitle')}</h3>
      {draft && (
        <p class="chat-note">
          <BidiText text={t('chat.firstMessage', { text: isolate(draft) })} />
        </p>
      )}
      <ul class="topics">
        {TOPICS.map((topic) => (
          <li key={topic}>
            <button type="button" class="topic" onClick={() => room.chooseTopic(topic)}>
              {t(`chat.topic.${topic}`)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
