import { ATTACHMENT_TYPES, LIMITS } from '@topay-support/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import type { ChatRoom } from './room.js';
import { Uploads } from './uploads.js';
import { useChatT } from './use-chat-t.js';

const ACCEPT = ATTACHMENT_TYPES.join(',');

// The counter appears only near the limit, where it helps; before that it is noise.
const COUNTER_FROM = LIMITS.messageLength - 200;

export function Composer({ room }: { room: ChatRoom }) {
  const t = useChatT();
  // Article suggestions for a first message live in the help chunk (this chunk only has room for the slot).
  const help = useModel().help;
  const Suggestions = help.chunk.value?.Deflection;
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  // The text being typed is the textarea's business; only its length is rendered (for the counter).
  const [length, setLength] = useState(0);
  const warning = room.cardWarning.value;
  const uploads = room.uploads.value;
  const uploading = uploads.some((u) => u.state === 'uploading');
  // Send was pressed while a file was still uploading: the message goes once it is up (or not, if it fails).
  const [waiting, setWaiting] = useState(false);

  const clear = () => {
    if (ref.current) ref.current.value = '';
    setLength(0);
  };
  const submit = (focus = true) => {
    const el = ref.current;
    if (uploading) return setWaiting(true);
    if (el && room.send(el.value)) clear();
    if (focus) el?.focus();
  };
  useEffect(() => {
    if (!waiting || uploading) return;
    setWaiting(false);
    if (uploads.every((u) => u.state === 'done')) submit(false);
  }, [waiting, uploading]);
  const onKeyDown = (event: KeyboardEvent) => {
    // Enter while an IME is composing (pinyin!) picks a candidate; it must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const onPaste = (event: ClipboardEvent) => {
    const el = ref.current;
    const data = event.clipboardData;
    const text = data?.getData('text/plain');
    if (!el || !data || text === undefined) return;
    const files = Array.from(data.files ?? []);
    // Office apps put a picture of the copied selection next to its text and HTML: that paste is text. A
    // screenshot, or a browser's "copy image" (HTML but no plain text), is a file.
    if (files.length > 0 && !(text && Array.from(data.types ?? []).includes('text/html'))) {
      event.preventDefault();
      room.attach(files);
      return;
    }
    // Plain text only: rich clipboard content never reaches the message.
    event.preventDefault();
    el.setRangeText(text, el.selectionStart, el.selectionEnd, 'end');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const onInput = () => {
    const value = ref.current?.value ?? '';
    setLength(value.length);
    room.setTyping(value.trim() !== '');
    help.suggest(value, room);
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {warning !== undefined && (
        <div class="card-warning" role="alert">
          <p class="card-warning-title">{t('chat.cardTitle')}</p>
          <p>{t('chat.cardBody')}</p>
          <div class="row">
            <button
              type="button"
              class="secondary"
              onClick={() => {
                room.dismissCardWarning();
                ref.current?.focus();
              }}
            >
              {t('chat.edit')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                room.confirmCardWarning();
                clear();
              }}
            >
              {t('chat.sendAnyway')}
            </button>
          </div>
        </div>
      )}
      {Suggestions && <Suggestions room={room} />}
      <Uploads room={room} onRemove={() => ref.current?.focus()} />
      <div class="row">
        <input
          ref={picker}
          type="file"
          accept={ACCEPT}
          multiple
          hidden
          tabIndex={-1}
          onChange={(event) => {
            const input = event.currentTarget;
            room.attach(Array.from(input.files ?? []));
            // The same file can be picked again after removing it.
            input.value = '';
          }}
        />
        <button
          type="button"
          class="attach"
          aria-label={t('chat.attach')}
          title={t('chat.attach')}
          onClick={() => picker.current?.click()}
        >
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M21 11l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.5-8.5a3.7 3.7 0 0 1 5.2 5.2l-8.5 8.5a1.8 1.8 0 0 1-2.6-2.6L15 6.6" />
          </svg>
        </button>
        <label for="tps-composer" class="sr-only">
          {t('chat.composerLabel')}
        </label>
        <textarea
          id="tps-composer"
          dir="auto"
          ref={ref}
          rows={1}
          maxLength={LIMITS.messageLength}
          placeholder={t('chat.placeholder')}
          aria-describedby={length >= COUNTER_FROM ? 'tps-counter' : undefined}
          enterkeyhint="send"
          data-autofocus=""
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onInput={onInput}
          onBlur={() => room.setTyping(false)}
        />
        <button type="submit" class="send" aria-label={t('chat.send')} title={t('chat.send')}>
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M4 12l16-8-6 16-2-6z" />
          </svg>
        </button>
      </div>
      {waiting && (
        <p class="counter" role="status">
          {t('chat.waitUploads')}
        </p>
      )}
      {length >= COUNTER_FROM && (
        <p id="tps-counter" class="counter" aria-live="polite">
          {t('chat.remaining', { count: LIMITS.messageLength - length })}
        </p>
      )}
    </form>
  );
}
