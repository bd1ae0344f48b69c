import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

/**
 * The visitor's open conversations when there is more than one (one per payment asked about): one tap
 * shows another, and a count says where replies wait unread.
 */
export function ConversationTabs({ room }: { room: ChatRoom }) {
  const t = useChatT();
  const current = room.snapshot.value?.id;
  const list = room.conversations.value;
  if (!list.some((c) => c.id !== current)) return null;
  return (
    <nav class="chat-banner convs" aria-label={t('chat.conversations')}>
      {list.map((c) => (
        <button
          type="button"
          key={c.id}
          class="secondary"
          aria-current={c.id === current ? 'true' : undefined}
          onClick={() => room.switchTo(c.id)}
        >
          {c.payment
            ? t('chat.aboutPayment', { reference: c.payment.reference })
            : t(`chat.topic.${c.topic ?? 'other'}`)}
          {c.unreadCount > 0 && c.id !== current && (
            <b> {t('chat.unreadIn', { count: String(c.unreadCount) })}</b>
          )}
        </button>
      ))}
    </nav>
  );
}
