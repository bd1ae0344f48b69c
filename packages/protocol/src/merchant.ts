import type { Locale } from './locales.js';

export const WIDGET_POSITIONS = ['right', 'left'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

export const COLOR_SCHEMES = ['light', 'dark', 'auto'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/**
 * What the widget learns about a merchant from `GET /v1/widget/config`:
 * only what is safe to show to anyone who can read the merchant's page.
 */
export interface WidgetConfig {
  merchant: {
    name: string;
    defaultLocale: Locale;
    /** Brand colour as `#rrggbb`. */
    color: string;
    position: WidgetPosition;
    colorScheme: ColorScheme;
    greeting: Partial<Record<Locale, string>>;
    /** Ask for name and email before a chat starts. */
    preChatForm: boolean;
  };
  /** Whether an agent can answer now; otherwise the widget takes an offline message. */
  availability: { online: boolean };
  protocolVersion: number;
}

/** Opening hours per weekday (0 = Sunday), as `HH:MM` pairs in the merchant's time zone. */
export interface BusinessHours {
  timeZone: string;
  days: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, Array<[open: string, close: string]>>>;
}
