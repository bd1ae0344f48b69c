import type { Locale } from '@topay-support/protocol';
import { useId } from 'preact/hooks';
import type { LocaleModel } from './model.js';

// Each language is named in itself, so an agent stuck in the wrong one can still find theirs.
// The console's own languages: the widget's zh-TW and ar are for visitors (and articles), not this UI.
const CONSOLE_LOCALES = ['zh-CN', 'en'] as const satisfies readonly Locale[];
const NATIVE_NAMES: Record<(typeof CONSOLE_LOCALES)[number], string> = { 'zh-CN': '简体中文', en: 'English' };

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
          const match = CONSOLE_LOCALES.find((candidate) => candidate === next);
          if (match) locale.set(match);
        }}
      >
        {CONSOLE_LOCALES.map((value) => (
          <option key={value} value={value} lang={value}>
            {NATIVE_NAMES[value]}
          </option>
        ))}
      </select>
    </div>
  );
}
