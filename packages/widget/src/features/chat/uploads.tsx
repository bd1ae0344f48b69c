import { LIMITS } from '@topay-support/protocol';
import { useModel } from '../../app/context.js';
import { formatSize } from './format.js';
import type { ChatKey } from './messages.js';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

const ERRORS: Record<string, ChatKey> = {
  too_large: 'chat.upload.too_large',
  invalid_request: 'chat.upload.invalid_request',
  // A declared type the server reads no body of; the SDK refuses those first, but the reason is the same.
  unsupported_media_type: 'chat.upload.invalid_request',
  too_many: 'chat.upload.too_many',
};

/** The files going with the next message, as chips: name, size, state, why it failed, retry and remove. */
export function Uploads({ room, onRemove }: { room: ChatRoom; onRemove(): void }) {
  const t = useChatT();
  const locale = useModel().i18n.locale.value;
  const uploads = room.uploads.value;
  if (uploads.length === 0) return null;
  return (
    <ul class="uploads" aria-label={t('chat.attachments')}>
      {uploads.map((u) => {
        const reason = u.state === 'failed' ? ERRORS[u.error ?? ''] : undefined;
        return (
          <li key={u.key} class={`chip ${u.state}`}>
            <span class="chip-name" dir="auto">
              {u.name}
            </span>
            <span class="meta">
              {formatSize(u.size, locale)}
              {u.state === 'uploading' && ` · ${t('chat.uploading')}`}
            </span>
            {u.state === 'failed' && (
              <span class="chip-error" role="alert">
                {t(reason ?? 'chat.upload.failed', {
                  size: formatSize(LIMITS.attachmentBytes, locale),
                  count: LIMITS.attachmentsPerMessage,
                })}
              </span>
            )}
            {/* Type, size and count do not change by trying again; a network failure may. */}
            {u.state === 'failed' && !reason && (
              <button type="button" class="link" onClick={() => room.retryUpload(u.key)}>
                {t('chat.retry')}
              </button>
            )}
            <button
              type="button"
              class="chip-remove"
              aria-label={t('chat.removeFile', { name: u.name })}
              title={t('chat.removeFile', { name: u.name })}
              onClick={() => {
                room.removeUpload(u.key);
                // The button is gone: keyboard focus goes back to the message rather than to the page.
                onRemove();
              }}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
