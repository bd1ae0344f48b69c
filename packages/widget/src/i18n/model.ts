import { computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import {
  createTranslator,
  type Locale,
  RTL_LOCALES,
  SUPPORTED_LOCALES,
  type Translate as TranslateOf,
} from '@topay-support/protocol';
import { createInstance } from 'i18next';
import type { MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type Translate = TranslateOf<MessageKey>;

/** The one locale inlined in the home bundle (and in each feature chunk); the platform's default. */
export const INLINED_LOCALE: Locale = SUPPORTED_LOCALES[0];

// Every other locale is two lazy chunks: its home strings (what the home view needs, ~1 KB gzip), and its chat, help
// and payments strings, fetched with the first of those features (`featureStrings`), so the home view never waits
// for them.
type Chunk = () => Promise<{ messages: Readonly<Record<string, string>> }>;
const LOCALE_CHUNKS: Record<Exclude<Locale, 'zh-CN'>, { home: Chunk; features: Chunk }> = {
  en: { home: () => import('./locales/en.js'), features: () => import('./locales/en-features.js') },
  'zh-TW': {
    home: () => import('./locales/zh-TW.js'),
    features: () => import('./locales/zh-TW-features.js'),
  },
  ar: { home: () => import('./locales/ar.js'), features: () => import('./locales/ar-features.js') },
};
type Part = 'home' | 'features';

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
  /**
   * From now on the features' strings are wanted too (a feature chunk is loading): resolves once the rendered
   * locale has them, rejects if they could not be fetched. Locale switches then wait for both parts.
   */
  featureStrings(): Promise<void>;
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
  // `${locale} ${part}` of every part in; the inlined locale has all of its strings from the start.
  const loaded = new Set<string>([`${INLINED_LOCALE} home`, `${INLINED_LOCALE} features`]);
  const loading = new Map<string, Promise<void>>();
  const featuresWanted = signal(false);
  // Bumped by `featureStrings` after a failure, so the effect asks again.
  const attempt = signal(0);
  let current: Promise<void> = Promise.resolve();
  // The one wrapper of i18next the console shares: plurals, `Intl` formats, content text isolated.
  const translator = createTranslator(createInstance, {
    resources: { [INLINED_LOCALE]: zhCN },
    fallbackLng: INLINED_LOCALE,
  });
  // Bumped when a feature adds strings, so `t` is a new function and readers re-render.
  const resourcesVersion = signal(0);
  const addResources = (resources: Partial<Record<Locale, Readonly<Record<string, string>>>>) => {
    translator.add(resources);
    resourcesVersion.value++;
  };
  let disposed = false;
  const loadPart = (lng: Exclude<Locale, 'zh-CN'>, part: Part): Promise<void> => {
    const key = `${lng} ${part}`;
    let load = loading.get(key);
    if (!load) {
      load = LOCALE_CHUNKS[lng][part]().then(
        (module) => {
          if (disposed) return;
          addResources({ [lng]: module.messages });
          loaded.add(key);
        },
        // Offline or blocked: keep the current locale; a later `setLocale` or feature tries again.
        (error: unknown) => {
          loading.delete(key);
          throw error;
        },
      );
      loading.set(key, load);
    }
    return load;
  };
  const stop = effect(() => {
    const next = wanted.value;
    attempt.value;
    const parts: Part[] = featuresWanted.value ? ['home', 'features'] : ['home'];
    if (parts.every((part) => loaded.has(`${next} ${part}`))) {
      locale.value = next;
      current = Promise.resolve();
      return;
    }
    const lng = next as Exclude<Locale, 'zh-CN'>;
    current = Promise.all(parts.map((part) => loadPart(lng, part))).then(() => {
      if (!disposed && wanted.peek() === next) locale.value = next;
    });
    current.catch(() => {});
  });
  const t = computed<Translate>(() => {
    const lng = locale.value;
    resourcesVersion.value;
    return translator.t(lng);
  });
  return {
    locale,
    dir: computed(() => (RTL_LOCALES.includes(locale.value) ? 'rtl' : 'ltr')),
    t,
    set(next) {
      chosen.value = next;
    },
    addResources,
    settled: () => current.catch(() => {}),
    featureStrings() {
      if (featuresWanted.peek()) attempt.value++;
      else featuresWanted.value = true;
      return current;
    },
    dispose() {
      disposed = true;
      stop();
    },
  };
}
