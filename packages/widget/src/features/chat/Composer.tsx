import { LIMITS } from '@topay-support/protocol';
import { useRef, useState } from 'preact/hooks';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

// The counter appears only near the limit, where it helps; before that it is noise.
const COUNTER_FROM = LIMITS.messageLength - 200;

export function Composer({ room }: { room: ChatRoom }) {
  const t = useChatT();
  const ref = useRef<HTMLTextAreaElement>(null);
  // The text being typed is the textarea's business; only its length is rendered (for the counter).
  const [length, setLength] = useState(0);
  const warning = room.cardWarning.value;

  const clear = () => {
    if (ref.current) ref.current.value = '';
    setLength(0);
  };
  const submit = () => {
    const el = ref.current;
    if (el && room.send(el.value)) clear();
    el?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Enter while an IME is composing (pinyin!) picks a candidate; it must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const onPaste = (event: ClipboardEvent) => {
    const el = ref.current;
    const text = event.clipboardData?.getData('text/plain');
    if (!el || text === undefined) return;
    // Plain text only: rich clipboard content never reaches the message.
    event.preventDefault();
    el.setRangeText(text, el.selectionStart, el.selectionEnd, 'end');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const onInput = () => {
    const value = ref.current?.value ?? '';
    setLength(value.length);
    room.setTyping(value.trim() !== '');
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
      <div class="row">
        <label for="tps-composer" class="sr-only">
          {t('chat.composerLabel')}
        </label>
        <textarea
          id="tps-composer"
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
      {length >= COUNTER_FROM && (
        <p id="tps-counter" class="counter" aria-live="polite">
          {t('chat.remaining', { count: String(LIMITS.messageLength - length) })}
        </p>
      )}
    </form>
  );
}
