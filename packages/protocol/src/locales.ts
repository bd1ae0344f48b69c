/** Locales the widget ships translations for. The first is the fallback of last resort. */
export const SUPPORTED_LOCALES = ['zh-CN', 'en', 'zh-TW', 'ar'] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Locales written right to left: the widget mirrors its layout for them. */
export const RTL_LOCALES: readonly Locale[] = ['ar'];

/**
 * Maps any BCP 47 tag to the closest supported locale, or `undefined`.
 * `zh`, `zh-Hans`, `zh-SG` read Simplified Chinese; `zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant` read Traditional;
 * `en-GB` reads English; any `ar-*` reads Modern Standard Arabic.
 *
 * @example matchLocale('zh-HK') // 'zh-TW'
 */
export function matchLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase().replace(/_/g, '-');
  for (const locale of SUPPORTED_LOCALES) {
    if (locale.toLowerCase() === lower) return locale;
  }
  const [language] = lower.split('-');
  if (language === 'zh') {
    // The script subtag decides when present (zh-Hans-HK is Simplified); else the region does.
    if (/-hans\b/.test(lower)) return 'zh-CN';
    return /-(tw|hk|mo|hant)\b/.test(lower) ? 'zh-TW' : 'zh-CN';
  }
  if (language === 'en') return 'en';
  if (language === 'ar') return 'ar';
  return undefined;
}
