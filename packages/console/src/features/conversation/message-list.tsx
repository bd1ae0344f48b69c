import type { Locale, Message } from '@topay-support/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatDay } from '../inbox/format.js';
import type { LocaleModel } from '../locale/model.js';
import { MessageItem } from './message-item.js';
import type { ConversationModel } from './model.js';
import type { Outbox } from './outbox.js';
import { PendingItem } from './pending-item.js';

interface Day {
  key: string;
  label: string;
  messages: Message[];
}

/** Groups by the agent's local calendar day, which is what "yesterday" means to the person reading. */
function groupByDay(messages: readonly Message[], locale: Locale): Day[] {
  const days: Day[] = [];
  for (const message of messages) {
    const date = new Date(message.createdAt);
    const key = `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
    const last = days.at(-1);
    if (last?.key === key) last.messages.push(message);
    else days.push({ key, label: formatDay(message.createdAt, locale), messages: [message] });
  }
  return days;
}

/** The seq of the newest agent reply the visitor has read: the one that gets the "read" marker. */
function readMarkerSeq(messages: readonly Message[], visitorReadSeq: number): number | undefined {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message && message.author.type === 'agent' && !message.internal && message.seq <= visitorReadSeq)
      return message.seq;
  }
  return undefined;
}

export interface MessageListProps {
  model: ConversationModel;
  outbox: Outbox;
  locale: LocaleModel;
  resolveUrl(url: string): string | undefined;
}

export function MessageList({ model, outbox, locale, resolveUrl }: MessageListProps) {
  const t = locale.t.value;
  const lang = locale.locale.value;
  const messages = model.messages.value;
  const pending = model.pending.value;
  const conversation = model.conversation.value;
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const marker = readMarkerSeq(messages, conversation?.visitorReadSeq ?? 0);

  useLayoutEffect(() => {
    // Follow new messages only if the agent was already at the bottom; never yank them from history.
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, pending.length, model.visitorTyping.value]);

  return (
    <div
      class="messages"
      ref={scroller}
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
      }}
      // A thumbnail grows the list when it loads (`load` does not bubble, hence capture): stay pinned.
      onLoadCapture={(event) => {
        const element = event.currentTarget;
        if (pinned.current && event.target instanceof HTMLImageElement)
          element.scrollTop = element.scrollHeight;
      }}
    >
      <h3 class="visually-hidden">{t('conversation.messages')}</h3>
      {groupByDay(messages, lang).map((day) => (
        <section key={day.key} class="messages__day" aria-label={day.label}>
          <p class="messages__separator" aria-hidden="true">
            <span>{day.label}</span>
          </p>
          <ol class="messages__list">
            {day.messages.map((message) => (
              <MessageItem
                key={message.seq}
                message={message}
                t={t}
                locale={lang}
                readMarker={message.seq === marker}
                visitorName={conversation?.visitor.name}
                resolveUrl={resolveUrl}
              />
            ))}
          </ol>
        </section>
      ))}
      {pending.length > 0 ? (
        <ol class="messages__list">
          {pending.map((entry) => (
            <PendingItem
              key={entry.clientId}
              entry={entry}
              outbox={outbox}
              t={t}
              locale={lang}
              resolveUrl={resolveUrl}
            />
          ))}
        </ol>
      ) : null}
      {model.visitorTyping.value ? <p class="messages__typing">{t('conversation.typing')}</p> : null}
    </div>
  );
}
