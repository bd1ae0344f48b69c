import { LIMITS } from '@topay-support/protocol';
import { useState } from 'preact/hooks';
import { useModel } from '../../app/context.js';
import type { ChatRoom } from './room.js';
import { useChatT } from './use-chat-t.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The pre-chat form (name, email), or, while nobody is online, the offline form (message, email), or after a
 * hand-off to people with nobody online (email only: the conversation already holds the question).
 */
export function ContactForm({ room, kind }: { room: ChatRoom; kind: 'prechat' | 'offline' | 'handoff' }) {
  const t = useChatT();
  const identity = useModel().identity.identity.value;
  const offline = kind === 'offline';
  const prechat = kind === 'prechat';
  const [errors, setErrors] = useState<{ email?: boolean; message?: boolean }>({});

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
    const next = { email: !EMAIL.test(field('email')), message: offline && field('message') === '' };
    setErrors(next);
    if (next.email || next.message) return;
    room.submitForm({
      name: field('name'),
      email: field('email'),
      ...(offline ? { message: field('message') } : {}),
    });
  };

  return (
    <form class="chat-form" onSubmit={submit} noValidate>
      <h3 class="chat-heading">{t(prechat ? 'chat.preChatTitle' : 'chat.offlineTitle')}</h3>
      <p class="chat-note">
        {t(offline ? 'chat.offlineBody' : prechat ? 'chat.preChatBody' : 'chat.handoffBody')}
      </p>
      {offline && (
        <>
          <label for="tps-message">{t('chat.message')}</label>
          <textarea
            id="tps-message"
            dir="auto"
            name="message"
            rows={4}
            maxLength={LIMITS.messageLength}
            defaultValue={room.draft.value}
            aria-invalid={errors.message ? 'true' : undefined}
            aria-describedby={errors.message ? 'tps-message-error' : undefined}
            data-autofocus=""
          />
          {errors.message && (
            <p id="tps-message-error" class="field-error">
              {t('chat.messageRequired')}
            </p>
          )}
        </>
      )}
      <label for="tps-name">{t('chat.name')}</label>
      <input
        id="tps-name"
        name="name"
        autocomplete="name"
        maxLength={LIMITS.nameLength}
        defaultValue={identity?.name ?? ''}
        data-autofocus={offline ? undefined : ''}
      />
      <label for="tps-email">{t('chat.email')}</label>
      <input
        id="tps-email"
        name="email"
        type="email"
        autocomplete="email"
        required
        maxLength={LIMITS.emailLength}
        defaultValue={identity?.email ?? ''}
        aria-invalid={errors.email ? 'true' : undefined}
        aria-describedby={errors.email ? 'tps-email-error' : undefined}
      />
      {errors.email && (
        <p id="tps-email-error" class="field-error">
          {t('chat.emailInvalid')}
        </p>
      )}
      <button type="submit" class="primary">
        {t(prechat ? 'chat.start' : 'chat.sendOffline')}
      </button>
    </form>
  );
}
