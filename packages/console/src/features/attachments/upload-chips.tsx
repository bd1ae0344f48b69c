import { LIMITS, type Locale } from '@topay-support/protocol';
import { Button } from '../../ui/button.js';
import type { MessageKey } from '../locale/en.js';
import type { Translate } from '../locale/model.js';
import { formatBytes } from './format.js';
import { isPermanentUploadFailure, type PendingUpload } from './uploads.js';

export interface UploadChipsProps {
  uploads: readonly PendingUpload[];
  t: Translate;
  locale: Locale;
  onRetry(key: string): void;
  onRemove(key: string): void;
}

function failureKey(upload: PendingUpload): MessageKey {
  if (upload.failure === 'too_large') return 'attach.tooLarge';
  if (upload.failure === 'invalid_request') return 'attach.unsupported';
  return 'attach.failed';
}

/** The files that go with the next reply, each with its state and a way to drop it. */
export function UploadChips({ uploads, t, locale, onRetry, onRemove }: UploadChipsProps) {
  if (uploads.length === 0) return null;
  const max = String(Math.round(LIMITS.attachmentBytes / (1024 * 1024)));
  return (
    <ul class="chips" aria-label={t('attach.pendingLabel')}>
      {uploads.map((upload) => (
        <li key={upload.key} class={`chip chip--${upload.state}`}>
          <span class="chip__name" dir="auto" title={upload.name}>
            {upload.name}
          </span>
          <span class="chip__size">{formatBytes(upload.size, locale)}</span>
          {upload.state === 'uploading' ? (
            <span class="chip__state">
              <span class="spinner" aria-hidden="true" />
              {t('attach.uploading')}
            </span>
          ) : null}
          {upload.state === 'failed' ? (
            <span class="chip__state chip__state--failed" role="alert">
              {t(failureKey(upload), { max })}
            </span>
          ) : null}
          {upload.state === 'failed' && !isPermanentUploadFailure(upload.failure) ? (
            <Button variant="quiet" onClick={() => onRetry(upload.key)}>
              {t('attach.retry')}
            </Button>
          ) : null}
          <Button
            variant="quiet"
            aria-label={t('attach.remove', { name: upload.name })}
            title={t('attach.remove', { name: upload.name })}
            onClick={() => onRemove(upload.key)}
          >
            <span aria-hidden="true">×</span>
          </Button>
        </li>
      ))}
    </ul>
  );
}
