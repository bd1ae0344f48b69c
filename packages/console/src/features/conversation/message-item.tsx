import type { Locale, Message } from '@topay-support/protocol';
import { MessageAttachments } from '../attachments/message-attachments.js';
import { formatTime } from '../inbox/format.js';
import type { Translate } from '../locale/model.js';
import { linkify } from './linkify.js';

export interface MessageItemProps {
  message: Message;
  t: Translate;
  locale: Locale;
  /** Show "Read by visitor" under this message (the last agent reply the visitor has read). */
  readMarker: boolean;
  /** The conversation's visitor name, if they gave one: it names their messages. */
  visitorName: string | undefined;
  resolveUrl(url: string): string | undefined;
}

function kind(message: Message): 'visitor' | 'agent' | 'bot' | 'system' | 'note' {
  return message.internal ? 'note' : message.author.type;
}

function authorLabel(message: Message, visitorName: string | undefined, t: Translate): string {
  if (message.author.type === 'system') return t('message.system');
  if (message.author.type === 'visitor')
    return visitorName?.trim() || message.author.name || t('message.visitor');
  return message.author.name || t(message.author.type === 'bot' ? 'message.bot' : 'message.agent');
}

export function MessageItem({ message, t, locale, readMarker, visitorName, resolveUrl }: MessageItemProps) {
  const type = kind(message);
  const author = authorLabel(message, visitorName, t);
  return (
    <li class={`message message--${type}`} data-seq={message.seq}>
      <div class="message__bubble">
        <p class="message__meta">
          {type === 'note' ? <span class="message__note-label">{t('message.internal')} · </span> : null}
          <bdi class="message__author">{author}</bdi>{' '}
          {type === 'bot' ? <span class="badge message__bot">{t('message.bot')}</span> : null}{' '}
          {message.channel === 'email' ? (
            <span class="badge message__channel">{t('message.viaEmail')}</span>
          ) : null}{' '}
          <time dateTime={message.createdAt}>{formatTime(message.createdAt, locale)}</time>
        </p>
        {message.text ? (
          <p class="message__text" dir="auto">
            {linkify(message.text)}
          </p>
        ) : null}
        {message.sources?.length ? (
          <div class="message__sources">
            {t('message.sources')}{' '}
            <ul>
              {message.sources.map((source) => (
                <li key={`${source.locale}/${source.slug}`} lang={source.locale} dir="auto">
                  {source.title}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <MessageAttachments attachments={message.attachments} resolve={resolveUrl} t={t} locale={locale} />
        {message.redacted ? <p class="message__redacted">{t('message.redacted')}</p> : null}
        {message.emailDelivery ? (
          <p class={`message__email message__email--${message.emailDelivery.status}`}>
            {t(message.emailDelivery.status === 'bounced' ? 'message.emailBounced' : 'message.emailSent')}{' '}
            <time dateTime={message.emailDelivery.at}>{formatTime(message.emailDelivery.at, locale)}</time>
          </p>
        ) : null}
      </div>
      {readMarker ? <p class="message__read">{t('message.readByVisitor')}</p> : null}
    </li>
  );
}
