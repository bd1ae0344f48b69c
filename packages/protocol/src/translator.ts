import type { Locale } from './locales.js';

// The one translator of the widget and the console: both wrap i18next exactly this way. Protocol has no runtime
// dependencies, so the caller hands in i18next's `createInstance`; this file only knows the slice of it used here.

/** CLDR's plural categories, i18next's key suffixes (`key_one`, `key_few`…; JSON v4, i18next ≥ 21). */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/**
 * The categories each locale's tables spell out, as `Intl.PluralRules` reports them: Chinese has one form,
 * English two, Arabic all six (0, 1, 2, 3–10, 11–99, 100+).
 */
export interface PluralForms {
  'zh-CN': 'other';
  'zh-TW': 'other';
  en: 'one' | 'other';
  ar: PluralCategory;
}

/** `help.results_other` → `help.results`: the key code passes to `t`, with a `count`. */
export type PluralBase<K extends string> = K extends `${infer Base}_${PluralCategory}` ? Base : K;

/**
 * A locale's table, typed against the reference (English) keys: every key, and each plural key in exactly the
 * locale's own forms. A missing translation or plural form fails the type check rather than showing English.
 */
export type Catalogue<K extends string, L extends Locale> = {
  [P in K as P extends `${infer Base}_other`
    ? `${Base}_${PluralForms[L]}`
    : P extends `${string}_${PluralCategory}`
      ? never
      : P]: string;
};

/**
 * Values a string interpolates. A number is a count or a figure (`{{count, number}}`; `count` also picks the plural
 * form), a Date goes through `{{at, time}}`, `{{at, weekday}}` or `{{at, date}}`. Amounts stand alone in the views and
 * go through `formatMoney` (money.ts: no string needs one inside a sentence, and as a format or in this file it
 * would ride in the widget's home bundle).
 * A string is put in as it is; content text (a name, a title, a query) goes in through `isolate`.
 */
export type TranslateValues = Readonly<Record<string, string | number | Date>>;

export type Translate<K extends string> = (key: K, values?: TranslateValues) => string;

// i18next hands a format the interpolated value as it was given; each format below is used only with its own kind.
type Format = (value: unknown, lng: string | undefined) => string;

/** The part of an i18next instance (`createInstance()`) the translator drives. */
export interface I18nextInstance {
  init(options: object): unknown;
  t(key: string, options: Record<string, unknown>): unknown;
  addResourceBundle(lng: string, ns: string, resources: object, deep?: boolean, overwrite?: boolean): unknown;
  services: { formatter?: { add(name: string, format: Format): void } | undefined };
}

export interface Translator {
  /** A translate function for one locale. */
  t<K extends string>(lng: Locale): Translate<K>;
  /** Adds strings (a lazy chunk's, a locale's); later `t` calls see them. */
  add(resources: Partial<Record<Locale, Readonly<Record<string, string>>>>): void;
}

/**
 * Content text (a name, an article title, a search, a message) put into a translated sentence keeps its own
 * direction: first strong isolate … pop directional isolate, what `<bdi>` does for an element, so a Chinese title in
 * an Arabic sentence keeps its `？` after the Chinese. Screen readers skip both marks. Our own strings and formatted
 * values (`{{count, number}}`, a wait) need none.
 *
 * @example t('help.noResults', { query: isolate(query) })
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/**
 * A translated sentence cut at its isolates, for views that render each isolated part as a `<bdi>` element (the
 * sentence's text then holds no marks): the odd parts came in through `isolate`. Screen-reader-only text and
 * attribute values need no isolation, as nothing lays them out.
 *
 * @example isolatedParts(t('help.noResults', { query: isolate(q) })) // ['No articles match “', q, '”.']
 */
export const isolatedParts = (text: string): string[] => text.split(/[\u2068\u2069]/);

// Named formats the strings use; each one is `Intl` with the locale being rendered.
const dateFormat =
  (options: Intl.DateTimeFormatOptions): Format =>
  (value, lng) =>
    new Intl.DateTimeFormat(lng, options).format(value as Date);
const FORMATS: Record<string, Format> = {
  time: dateFormat({ hour: '2-digit', minute: '2-digit' }),
  weekday: dateFormat({ weekday: 'long' }),
  date: dateFormat({ dateStyle: 'medium' }),
};

/**
 * A private i18next instance (the host page may run its own; the global one is shared state) with every resource
 * given inline, so it starts synchronously: no first render shows raw keys.
 *
 * @example
 * const translator = createTranslator(createInstance, { resources: { en: { 'x.count_one': '…' } }, fallbackLng: 'en' });
 * translator.t('ar')('x.count', { count: 3 }); // the `x.count_few` form
 */
export function createTranslator(
  createInstance: () => I18nextInstance,
  options: {
    resources: Partial<Record<Locale, Readonly<Record<string, string>>>>;
    fallbackLng: Locale;
  },
): Translator {
  const i18n = createInstance();
  const resources: Record<string, { translation: Readonly<Record<string, string>> }> = {};
  for (const [lng, table] of Object.entries(options.resources)) resources[lng] = { translation: table };
  // Never `debug: true`: the widget build drops i18next's debug-only log calls (widget/scripts/build.mjs).
  void i18n.init({
    resources,
    lng: options.fallbackLng,
    fallbackLng: options.fallbackLng,
    load: 'currentOnly',
    initAsync: false,
    // Flat keys: a key reads the same in code, in resources and in a grep.
    keySeparator: false,
    nsSeparator: false,
    // Preact renders strings as text nodes, so escaping here would only show `&lt;` to people.
    interpolation: { escapeValue: false },
  });
  for (const [name, format] of Object.entries(FORMATS)) i18n.services.formatter?.add(name, format);
  return {
    t: (lng) => (key, values) => String(i18n.t(key, { ...values, lng })),
    add(more) {
      for (const [lng, table] of Object.entries(more))
        if (table) i18n.addResourceBundle(lng, 'translation', table, true);
    },
  };
}
