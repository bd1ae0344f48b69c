import type { Attachment, Locale } from '@topay-support/protocol';
import type { Translate } from '../locale/model.js';
import { formatBytes } from './format.js';

export interface MessageAttachmentsProps {
  attachments: readonly Attachment[];
  /** Turns the server's relative signed path into a URL for this page (undefined: not a URL of ours). */
  resolve(url: string): string | undefined;
  t: Translate;
  locale: Locale;
}

/**
 * Images as thumbnails that open full size in a new tab; PDFs (and anything else) as a file row.
 * Names are the uploader's and untrusted: Preact renders them as text and as attribute values only.
 */
export function MessageAttachments({ attachments, resolve, t, locale }: MessageAttachmentsProps) {
  if (attachments.length === 0) return null;
  return (
    <ul class="attachments" aria-label={t('attach.listLabel')}>
      {attachments.map((attachment) => {
        const href = resolve(attachment.url);
        const size = formatBytes(attachment.size, locale);
        if (href && attachment.contentType.startsWith('image/')) {
          return (
            <li key={attachment.id} class="attachments__item attachments__item--image">
              {/* noopener: the new tab gets no `window.opener`; noreferrer: nor the console's URL. */}
              <a href={href} target="_blank" rel="noopener noreferrer" title={`${attachment.name} · ${size}`}>
                <img
                  class="attachments__thumb"
                  src={href}
                  alt={attachment.name}
                  loading="lazy"
                  decoding="async"
                />
              </a>
            </li>
          );
        }
        const label = (
          <>
            <span class="attachments__icon" aria-hidden="true">
              {attachment.contentType === 'application/pdf' ? 'PDF' : t('attach.file')}
            </span>
            <span class="attachments__name" dir="auto">
              {attachment.name}
            </span>
            <span class="attachments__size">{size}</span>
          </>
        );
        return (
          <li key={attachment.id} class="attachments__item attachments__item--file">
            {href ? (
              <a class="attachments__file" href={href} target="_blank" rel="noopener noreferrer">
                {label}
              </a>
            ) : (
              <span class="attachments__file">{label}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
