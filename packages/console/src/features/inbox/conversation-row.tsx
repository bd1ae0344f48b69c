import type { Conversation, Locale, Message } from '@topay-support/protocol';
import { isolate } from '@topay-support/protocol';
import { BidiText } from '../../ui/bidi-text.js';
import type { Translate } from '../locale/model.js';
import { formatDuration, formatTime, visitorLabel } from './format.js';
import { TopicTag } from './topic-tag.js';

export interface ConversationRowProps {
  conversation: Conversation;
  selected: boolean;
  agentId: string;
  now: number;
  t: Translate;
  locale: Locale;
  onOpen(id: string): void;
}

/** Row ids let the list bring the keyboard-selected row into view and back into focus. */
export const rowId = (conversationId: string) => `conversation-row-${conversationId}`;

function preview(message: Message | null, t: Translate): string {
  if (!message) return t('inbox.noMessages');
  const text = message.text.trim() || (message.attachments.length > 0 ? t('inbox.attachmentOnly') : '');
  return message.internal ? t('inbox.notePreview', { text: isolate(text) }) : text;
}

export function ConversationRow({
  conversation,
  selected,
  agentId,
  now,
  t,
  locale,
  onOpen,
}: ConversationRowProps) {
  const waitingSince = conversation.status !== 'resolved' ? conversation.waitingSince : null;
  const waitedMs = waitingSince ? now - Date.parse(waitingSince) : 0;
  const activity = conversation.lastMessage?.createdAt ?? conversation.createdAt;
  const assignee = conversation.assignee;
  const classes = [
    'row',
    selected ? 'row--selected' : '',
    conversation.flagged ? 'row--flagged' : '',
    conversation.unreadCount > 0 ? 'row--unread' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <li class="row-item">
      <button
        type="button"
        id={rowId(conversation.id)}
        class={classes}
        aria-current={selected ? 'true' : undefined}
        onClick={() => onOpen(conversation.id)}
      >
        <span class="row__top">
          <span class="row__name" dir="auto">
            {visitorLabel(conversation.visitor, t)}
          </span>
          <time class="row__time" dateTime={activity}>
            {formatTime(activity, locale)}
          </time>
        </span>
        <span class="row__preview" dir="auto">
          <BidiText text={preview(conversation.lastMessage, t)} />
        </span>
        <span class="row__meta">
          <TopicTag topic={conversation.topic} flagged={conversation.flagged} t={t} />
          {waitingSince ? (
            <span class={`row__wait${waitedMs >= 5 * 60_000 ? ' row__wait--long' : ''}`}>
              {waitedMs < 60_000
                ? t('inbox.waitingJustNow')
                : t('inbox.waiting', { duration: formatDuration(waitedMs, locale) })}
            </span>
          ) : null}
          {conversation.status !== 'resolved' && conversation.assistant === 'answering' ? (
            <span class="row__assistant">{t('assistant.answering')}</span>
          ) : null}
          {conversation.status !== 'resolved' && conversation.handoff ? (
            <span class="row__handoff">{t(`handoff.${conversation.handoff.reason}`)}</span>
          ) : null}
          {conversation.status === 'assigned' && assignee ? (
            <span class="row__assignee">
              {assignee.id === agentId ? (
                t('inbox.mine')
              ) : (
                <BidiText text={t('inbox.assignedTo', { name: isolate(assignee.name) })} />
              )}
            </span>
          ) : null}
          {conversation.unreadCount > 0 ? (
            <span class="unread-badge">
              <span aria-hidden="true">{conversation.unreadCount}</span>
              <span class="visually-hidden">{t('inbox.unread', { count: conversation.unreadCount })}</span>
            </span>
          ) : null}
        </span>
      </button>
    </li>
  );
}
