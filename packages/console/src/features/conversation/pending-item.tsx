import type { Locale } from '@topay-support/protocol';
import { Button } from '../../ui/button.js';
import { MessageAttachments } from '../attachments/message-attachments.js';
import { formatTime } from '../inbox/format.js';
import type { Translate } from '../locale/model.js';
import { linkify } from './linkify.js';
import type { Outbox, OutboxEntry } from './outbox.js';

export interface PendingItemProps {
  entry: OutboxEntry;
  outbox: Outbox;
  t: Translate;
  locale: Locale;
  resolveUrl(url: string): string | undefined;
}

/** A reply the server has not stored yet: shown where it will land, with its state and a way out. */
export function PendingItem({ entry, outbox, t, locale, resolveUrl }: PendingItemProps) {
  const failed = entry.state === 'failed';
  const refused = failed && entry.failure !== 'no_ack' && entry.failure !== 'internal';
  return (
    <li class={`message message--${entry.internal ? 'note' : 'agent'} message--pending`}>
      <div class="message__bubble">
        <p class="message__meta">
          {entry.internal ? <span class="message__note-label">{t('message.internal')} · </span> : null}
          <time dateTime={entry.createdAt}>{formatTime(entry.createdAt, locale)}</time>
        </p>
        {entry.text ? <p class="message__text">{linkify(entry.text)}</p> : null}
        <MessageAttachments attachments={entry.attachments} resolve={resolveUrl} t={t} locale={locale} />
      </div>
      {failed ? (
        <p class="message__status message__status--failed" role="alert">
          {refused ? t('message.failedRefused') : t('message.failed')}{' '}
          <Button variant="quiet" onClick={() => outbox.retry(entry.clientId)}>
            {t('message.retry')}
          </Button>
          <Button variant="quiet" onClick={() => outbox.discard(entry.clientId)}>
            {t('message.discard')}
          </Button>
        </p>
      ) : (
        <p class="message__status">{t('message.sending')}</p>
      )}
    </li>
  );
}
