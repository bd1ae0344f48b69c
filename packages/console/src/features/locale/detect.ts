import { type Locale, SUPPORTED_LOCALES } from '@topay-support/protocol';

export const LOCALE_STORAGE_KEY = 'topay-support:console-locale';

function isLocale(value: string | null | undefined): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value ?? '');
}

/**
 * The agent's earlier choice, else the browser's language. Unlike the widget, every Chinese variant
 * maps to zh-CN: an agent on a zh-TW browser reads Simplified far more easily than English.
 */
export function detectLocale(storage: Storage | undefined, language: string | undefined): Locale {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    // Storage can be blocked; fall through to the browser's language.
  }
  if (isLocale(stored)) return stored;
  return language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
