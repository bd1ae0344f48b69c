import { type Locale, SUPPORTED_LOCALES } from '@topay-support/protocol';
import { useId } from 'preact/hooks';
import type { LocaleModel } from './model.js';

// Each language is named in itself, so an agent stuck in the wrong one can still find theirs.
const NATIVE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function LocaleSwitch({ locale }: { locale: LocaleModel }) {
  const id = useId();
  const t = locale.t.value;
  return (
    <div class="locale-switch">
      <label class="visually-hidden" for={id}>
        {t('locale.label')}
      </label>
      <select
        id={id}
        class="locale-switch__select"
        value={locale.locale.value}
        onChange={(event) => {
          const next = event.currentTarget.value;
          const match = SUPPORTED_LOCALES.find((candidate) => candidate === next);
          if (match) locale.set(match);
        }}
      >
        {SUPPORTED_LOCALES.map((value) => (
          <option key={value} value={value} lang={value}>
            {NATIVE_NAMES[value]}
          </option>
        ))}
      </select>
    </div>
  );
}
