import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { type Locale, SUPPORTED_LOCALES } from '@topay-support/protocol';
import { createInstance } from 'i18next';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

export interface LocaleModel {
  /** The locale everything renders in. */
  readonly locale: ReadonlySignal<Locale>;
  /** A translator bound to `locale`; a new function per locale, so components that read it re-render. */
  readonly t: ReadonlySignal<Translate>;
  set(locale: Locale): void;
  /** Adds a lazily loaded feature's strings (chat brings its own); components re-render with them. */
  addResources(resources: Record<Locale, Readonly<Record<string, string>>>): void;
}

export interface LocaleModelOptions {
  /** What `init` asked for; beats everything else. */
  requested?: Locale | undefined;
  /** What the page and browser suggest. */
  detected?: Locale | undefined;
  /** The merchant's default, known once the config has loaded. */
  merchantDefault: ReadonlySignal<Locale | undefined>;
}

export function createLocaleModel(options: LocaleModelOptions): LocaleModel {
  const chosen = signal(options.requested);
  const locale = computed(
    () => chosen.value ?? options.detected ?? options.merchantDefault.value ?? SUPPORTED_LOCALES[0],
  );
  // A private instance: the host page may run its own i18next, and the global one is shared state.
  const i18n = createInstance();
  void i18n.init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: locale.peek(),
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LOCALES],
    load: 'currentOnly',
    // Resources are inlined, so initialising synchronously avoids a first render with raw keys.
    initAsync: false,
    keySeparator: false,
    nsSeparator: false,
    // Preact renders strings as text nodes, so escaping here would only show `&lt;` to visitors.
    interpolation: { escapeValue: false },
  });
  // Bumped when a feature adds strings, so `t` is a new function and readers re-render.
  const resourcesVersion = signal(0);
  const t = computed<Translate>(() => {
    const lng = locale.value;
    resourcesVersion.value;
    return (key, values) => String(i18n.t(key, { ...values, lng }));
  });
  return {
    locale,
    t,
    set(next) {
      chosen.value = next;
    },
    addResources(resources) {
      for (const [lng, bundle] of Object.entries(resources))
        i18n.addResourceBundle(lng, 'translation', bundle, true);
      resourcesVersion.value++;
    },
  };
}
