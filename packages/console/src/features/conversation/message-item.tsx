import type { Locale, Message } from '@topay-support/protocol';
import { formatTime } from '../inbox/format.js';
import type { Translate } from '../locale/model.js';
import { linkify } from './linkify.js';

export interface MessageItemProps {
  message: Message;
  t: Translate;
  locale: Locale;
  /** Show "Read by visitor" under this message (the last agent reply the visitor has read). */
  readMarker: boolean;
}

function kind(message: Message): 'visitor' | 'agent' | 'system' | 'note' {
  return message.internal ? 'note' : message.author.type;
}

export function MessageItem({ message, t, locale, readMarker }: MessageItemProps) {
  const type = kind(message);
  const author =
    type === 'system'
      ? t('message.system')
      : (message.author.name ?? (type === 'visitor' ? t('message.visitor') : t('message.agent')));
  return (
    <li class={`message message--${type}`} data-seq={message.seq}>
      <div class="message__bubble">
        <p class="message__meta">
          {type === 'note' ? <span class="message__note-label">{t('message.internal')} · </span> : null}
          <span class="message__author">{author}</span>{' '}
          <time dateTime={message.createdAt}>{formatTime(message.createdAt, locale)}</time>
        </p>
        <p class="message__text">{linkify(message.text)}</p>
        {message.attachments.length > 0 ? (
          <ul class="message__attachments">
            {message.attachments.map((attachment) => (
              <li key={attachment.id}>
                {/* Capability URLs from our server; the name is untrusted text and rendered as such. */}
                <a href={attachment.url} target="_blank" rel="noopener noreferrer">
                  {attachment.name}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
        {message.redacted ? <p class="message__redacted">{t('message.redacted')}</p> : null}
      </div>
      {readMarker ? <p class="message__read">{t('message.readByVisitor')}</p> : null}
    </li>
  );
}
