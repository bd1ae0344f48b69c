import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { type Locale, SUPPORTED_LOCALES } from '@topay-support/protocol';
import { createInstance } from 'i18next';
import { LOCALE_STORAGE_KEY } from './detect.js';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

export interface LocaleModel {
  readonly locale: ReadonlySignal<Locale>;
  /** A translator bound to `locale`; a new function per locale, so components that read it re-render. */
  readonly t: ReadonlySignal<Translate>;
  /** Switches the language and remembers the choice for the next visit. */
  set(locale: Locale): void;
}

/**
 * @example
 * const locale = createLocaleModel(detectLocale(localStorage, navigator.language), localStorage);
 * locale.t.value('login.submit'); // '登录'
 */
export function createLocaleModel(initial: Locale, storage: Storage | undefined): LocaleModel {
  const locale = signal(initial);
  // Our own instance: the global i18next is shared state any other script on the page could change.
  const i18n = createInstance();
  void i18n.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initial,
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LOCALES],
    load: 'currentOnly',
    // Resources are inlined, so a synchronous init avoids a first render showing raw keys.
    initAsync: false,
    keySeparator: false,
    nsSeparator: false,
    // Preact renders strings as text nodes; escaping here would show agents `&lt;` instead of `<`.
    interpolation: { escapeValue: false },
  });
  const t = computed<Translate>(() => {
    const lng = locale.value;
    return (key, values) => String(i18n.t(key, { ...values, lng }));
  });
  return {
    locale,
    t,
    set(next) {
      locale.value = next;
      try {
        storage?.setItem(LOCALE_STORAGE_KEY, next);
      } catch {
        // The switch still applies to this page; it just will not be remembered.
      }
    },
  };
}
