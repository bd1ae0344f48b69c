import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Locale, Translate as TranslateOf } from '@topay-support/protocol';
import { LOCALE_STORAGE_KEY } from './detect.js';
import type { MessageKey } from './en.js';
import { consoleTranslator } from './translator.js';

export type Translate = TranslateOf<MessageKey>;

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
  const t = computed<Translate>(() => {
    const lng = locale.value;
    return consoleTranslator().t<MessageKey>(lng);
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
