/** Locales the widget ships translations for. The first is the fallback of last resort. */
export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Maps any BCP 47 tag to the closest supported locale, or `undefined`.
 * `zh`, `zh-Hans`, `zh-SG` read Simplified Chinese; `en-GB` reads English.
 *
 * @example matchLocale('en-GB') // 'en'
 */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  for (const locale of SUPPORTED_LOCALES) {
    if (locale.toLowerCase() === lower) return locale;
  }
  const [language] = lower.split(/[-_]/);
  if (language === 'zh') {
    // Traditional-script regions stay unmatched until zh-TW ships, rather than showing the wrong script.
    if (/-(tw|hk|mo|hant)\b/.test(lower)) return undefined;
    return 'zh-CN';
  }
  if (language === 'en') return 'en';
  return undefined;
}
