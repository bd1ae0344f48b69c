import { useId } from 'preact/hooks';
import type { LocaleModel } from '../locale/model.js';
import type { ChosenStatus, PresenceModel } from './model.js';

const CHOICES: readonly ChosenStatus[] = ['online', 'away'];

export function PresenceToggle({ presence, locale }: { presence: PresenceModel; locale: LocaleModel }) {
  const t = locale.t.value;
  const id = useId();
  const status = presence.status.value;
  return (
    <div class={`presence presence--${status}`}>
      <span class="presence__dot" aria-hidden="true" />
      <label class="visually-hidden" for={id}>
        {t('presence.label')}
      </label>
      <select
        id={id}
        class="locale-switch__select"
        value={status}
        aria-invalid={presence.failed.value ? 'true' : undefined}
        title={presence.failed.value ? t('presence.failed') : undefined}
        onChange={(event) => {
          const next = CHOICES.find((choice) => choice === event.currentTarget.value);
          if (next) void presence.set(next);
        }}
      >
        {CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`presence.${choice}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
