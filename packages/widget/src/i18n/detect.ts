import { type Locale, matchLocale } from '@topay-support/protocol';

/**
 * The locale the page suggests: its `<html lang>` first (the merchant chose it for this page),
 * then the browser's languages in the visitor's order of preference.
 */
export function detectLocale(
  doc: Document,
  nav: Pick<Navigator, 'language' | 'languages'> | undefined,
): Locale | undefined {
  const candidates = [doc.documentElement.lang, ...(nav?.languages ?? []), nav?.language];
  for (const tag of candidates) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return undefined;
}
