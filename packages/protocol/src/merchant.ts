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
  };
  protocolVersion: number;
}
