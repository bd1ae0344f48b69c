import type { Message } from '@topay-support/protocol';
import { isolate } from '@topay-support/protocol';
import type { PendingMessage } from '@topay-support/sdk';
import type { JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import { BidiText } from '../../ui/bidi-text.js';
import { AssistantExtras, BotAuthor } from './assistant-reply.js';
import { Attachments, FileRow } from './attachments.js';
import { dayKey, formatDay, formatSize, formatTime } from './format.js';
import { MessageText } from './message-text.js';
import type { ChatKey } from './messages.js';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

const REASONS: Record<string, ChatKey> = {
  too_large: 'chat.reason.too_large',
  conversation_resolved: 'chat.reason.conversation_resolved',
  rate_limited: 'chat.reason.rate_limited',
};

export function MessageList({ room }: { room: ChatRoom }) {
  const t = useChatT();
  const locale = useModel().i18n.locale.value;
  const snapshot = room.snapshot.value;
  const typing = room.agentTyping.value;
  const announcement = room.announcement.value;
  const listRef = useRef<HTMLDivElement>(null);
  const count = (snapshot?.history.length ?? 0) + (snapshot?.pending.length ?? 0);

  // Keeps the newest message in view as messages arrive.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count, typing, snapshot?.draft]);

  if (!snapshot) return null;
  // While the assistant answers, nobody is waiting for a person: the offline and waiting notes would mislead.
  const answering = snapshot.assistant === 'answering';
  const labels = { today: t('chat.today'), yesterday: t('chat.yesterday') };
  const items: JSX.Element[] = [];
  let lastDay = '';
  const separator = (iso: string) => {
    const day = dayKey(iso);
    if (day === lastDay) return;
    lastDay = day;
    items.push(
      <li key={`day-${day}`} class="day">
        {formatDay(iso, locale, labels)}
      </li>,
    );
  };
  // Bubbles take their direction from their text (dir="auto"): English in the Arabic panel reads left to right.
  for (const m of snapshot.history) {
    separator(m.createdAt);
    const own = m.author.type === 'visitor';
    const state = own ? (m.seq <= snapshot.agentReadSeq ? t('chat.read') : t('chat.sent')) : undefined;
    items.push(<Item key={m.id} message={m} state={state} locale={locale} room={room} />);
  }
  for (const p of snapshot.pending) {
    separator(p.queuedAt);
    items.push(<Pending key={p.clientId} pending={p} room={room} locale={locale} />);
  }
  // The reply being written grows in place; only the stored reply is announced (the live region below).
  if (snapshot.draft)
    items.push(
      <li key="draft" class="msg bot" aria-busy="true">
        <BotAuthor name={undefined} />
        <div class="bubble" dir="auto">
          <MessageText text={snapshot.draft} />
        </div>
      </li>,
    );

  return (
    <div class="messages" ref={listRef}>
      {snapshot.offline && !answering && <p class="chat-note">{t('chat.offlineNotice')}</p>}
      {snapshot.history.length > 0 &&
        !answering &&
        !snapshot.assignee &&
        snapshot.status === 'open' &&
        !snapshot.offline && <p class="chat-note">{t('chat.waiting')}</p>}
      <ol aria-label={t('chat.messagesLabel')}>{items}</ol>
      {typing !== undefined && (
        <p class="typing">
          <BidiText text={t('chat.typing', { name: typing ? isolate(typing) : t('chat.support') })} />
        </p>
      )}
      <div class="sr-only" aria-live="polite">
        {announcement &&
          t('chat.announce', {
            name: announcement.author.name ?? t('chat.support'),
            // A message of files alone is announced by their names.
            text: [announcement.text, ...announcement.attachments.map((a) => a.name)]
              .filter(Boolean)
              .join(' '),
          })}
      </div>
    </div>
  );
}

function Item({
  message,
  state,
  locale,
  room,
}: {
  message: Message;
  state: string | undefined;
  locale: string;
  room: ChatRoom;
}) {
  const t = useChatT();
  const type = message.author.type;
  return (
    <li class={`msg ${type}`}>
      {type === 'agent' && (
        <span class="author" dir="auto">
          {message.author.name ?? t('chat.support')}
        </span>
      )}
      {type === 'bot' && <BotAuthor name={message.author.name} />}
      {message.text && (
        <div class="bubble" dir="auto">
          <MessageText text={message.text} />
        </div>
      )}
      <Attachments list={message.attachments ?? []} locale={locale} />
      {type === 'bot' && <AssistantExtras message={message} room={room} />}
      {message.redacted && <span class="meta">{t('chat.redacted')}</span>}
      <span class="meta">
        <time dateTime={message.createdAt}>{formatTime(message.createdAt, locale)}</time>
        {state && ` · ${state}`}
      </span>
    </li>
  );
}

function Pending({ pending, room, locale }: { pending: PendingMessage; room: ChatRoom; locale: string }) {
  const t = useChatT();
  const failed = pending.state === 'failed';
  const reason = t(REASONS[pending.error?.code ?? ''] ?? 'chat.reason.other');
  return (
    <li class={failed ? 'msg visitor failed' : 'msg visitor sending'}>
      {pending.text && (
        <div class="bubble" dir="auto">
          <MessageText text={pending.text} />
        </div>
      )}
      {pending.attachmentIds && (
        <ul class="files">
          {pending.attachmentIds.map((id) => {
            // Uploaded by this page: named; queued by an earlier page: only "a file".
            const a = room.attachment(id);
            return (
              <li key={id}>
                <FileRow name={a?.name ?? t('chat.file')} size={a ? formatSize(a.size, locale) : ''} />
              </li>
            );
          })}
        </ul>
      )}
      <span class="meta">
        <time dateTime={pending.queuedAt}>{formatTime(pending.queuedAt, locale)}</time>
        {' · '}
        {failed ? t('chat.notSent', { reason }) : t('chat.sending')}
      </span>
      {failed && (
        <span class="actions">
          {pending.error?.code !== 'conversation_resolved' && (
            <button type="button" class="link" onClick={() => room.retry(pending.clientId)}>
              {t('chat.retrySend')}
            </button>
          )}
          <button type="button" class="link" onClick={() => room.discard(pending.clientId)}>
            {t('chat.remove')}
          </button>
        </span>
      )}
    </li>
  );
}
