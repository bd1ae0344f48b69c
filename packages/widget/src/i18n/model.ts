import { computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import { type Locale, RTL_LOCALES, SUPPORTED_LOCALES } from '@topay-support/protocol';
import { createInstance } from 'i18next';
import type { MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

/** The one locale inlined in the home bundle (and in each feature chunk); the platform's default. */
export const INLINED_LOCALE: Locale = SUPPORTED_LOCALES[0];

// Every other locale is one lazy chunk with all of its strings (home, chat, help, payments): a few KB each,
// fetched only by visitors who read it.
const LOCALE_CHUNKS: Record<
  Exclude<Locale, 'zh-CN'>,
  () => Promise<{ messages: Readonly<Record<string, string>> }>
> = {
  en: () => import('./locales/en.js'),
  'zh-TW': () => import('./locales/zh-TW.js'),
  ar: () => import('./locales/ar.js'),
};

export interface LocaleModel {
  /**
   * The locale everything renders in. It changes only once that locale's strings are in, so the page never
   * shows raw keys or a mix of languages: until then the previous locale (at first the inlined one) stays.
   */
  readonly locale: ReadonlySignal<Locale>;
  /** `rtl` for Arabic: the panel mirrors. */
  readonly dir: ReadonlySignal<'ltr' | 'rtl'>;
  /** A translator bound to `locale`; a new function per locale, so components that read it re-render. */
  readonly t: ReadonlySignal<Translate>;
  set(locale: Locale): void;
  /** Adds a lazily loaded feature's strings (chat brings its own); components re-render with them. */
  addResources(resources: Partial<Record<Locale, Readonly<Record<string, string>>>>): void;
  /** Resolves once the wanted locale renders (or its chunk failed to load). */
  settled(): Promise<void>;
  dispose(): void;
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
  const wanted = computed(
    () => chosen.value ?? options.detected ?? options.merchantDefault.value ?? INLINED_LOCALE,
  );
  const locale = signal<Locale>(INLINED_LOCALE);
  const loaded = new Set<Locale>([INLINED_LOCALE]);
  const loading = new Map<Locale, Promise<void>>();
  let pending: Promise<void> = Promise.resolve();
  // A private instance: the host page may run its own i18next, and the global one is shared state.
  // Never `debug: true`: the widget build drops i18next's debug-only log calls (scripts/build.mjs).
  const i18n = createInstance();
  void i18n.init({
    resources: { [INLINED_LOCALE]: { translation: zhCN } },
    lng: INLINED_LOCALE,
    fallbackLng: INLINED_LOCALE,
    supportedLngs: [...SUPPORTED_LOCALES],
    load: 'currentOnly',
    // The inlined resources make a synchronous start possible: no first render with raw keys.
    initAsync: false,
    keySeparator: false,
    nsSeparator: false,
    // Preact renders strings as text nodes, so escaping here would only show `&lt;` to visitors.
    interpolation: { escapeValue: false },
  });
  // Bumped when a feature adds strings, so `t` is a new function and readers re-render.
  const resourcesVersion = signal(0);
  const addResources = (resources: Partial<Record<Locale, Readonly<Record<string, string>>>>) => {
    for (const [lng, bundle] of Object.entries(resources))
      if (bundle) i18n.addResourceBundle(lng, 'translation', bundle, true);
    resourcesVersion.value++;
  };
  let disposed = false;
  const stop = effect(() => {
    const next = wanted.value;
    if (loaded.has(next)) {
      locale.value = next;
      return;
    }
    let load = loading.get(next);
    if (!load) {
      load = LOCALE_CHUNKS[next as Exclude<Locale, 'zh-CN'>]().then(
        (module) => {
          if (disposed) return;
          addResources({ [next]: module.messages });
          loaded.add(next);
          if (wanted.peek() === next) locale.value = next;
        },
        // Offline or blocked: keep the current locale; a later `setLocale` tries again.
        () => void loading.delete(next),
      );
      loading.set(next, load);
    }
    pending = load;
  });
  const t = computed<Translate>(() => {
    const lng = locale.value;
    resourcesVersion.value;
    return (key, values) => String(i18n.t(key, { ...values, lng }));
  });
  return {
    locale,
    dir: computed(() => (RTL_LOCALES.includes(locale.value) ? 'rtl' : 'ltr')),
    t,
    set(next) {
      chosen.value = next;
    },
    addResources,
    settled: () => pending,
    dispose() {
      disposed = true;
      stop();
    },
  };
}
