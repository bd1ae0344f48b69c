import {
  COLOR_SCHEMES,
  type ColorScheme,
  WIDGET_POSITIONS,
  type WidgetPosition,
} from '@topay-support/protocol';
import { contrastRatio, mostReadable, parseHexColor } from './colors.js';
import { DARK, DEFAULT_ACCENT, LIGHT, ON_ACCENT_DARK, ON_ACCENT_LIGHT } from './palette.js';

export interface Theme {
  accent: string;
  position: WidgetPosition;
  colorScheme: ColorScheme;
}

export interface ThemeInput {
  color?: unknown;
  position?: unknown;
  colorScheme?: unknown;
}

/**
 * Merges `init` options over the merchant's settings, dropping anything malformed:
 * both come from outside this bundle and end up in CSS. `rtl` mirrors the merchant's side (not `init`'s).
 */
export function resolveTheme(options: ThemeInput, merchant: ThemeInput | undefined, rtl = false): Theme {
  const pick = <T extends string>(allowed: readonly T[], ...values: unknown[]): T | undefined =>
    values.find((v): v is T => allowed.includes(v as T));
  // Only `init`'s position is physical; the merchant's (or the default) is "end side" and mirrors in RTL.
  const side = pick(WIDGET_POSITIONS, merchant?.position) ?? 'right';
  return {
    accent: parseHexColor(merchant?.color) ?? DEFAULT_ACCENT,
    position:
      pick(WIDGET_POSITIONS, options.position) ?? (rtl ? (side === 'right' ? 'left' : 'right') : side),
    colorScheme: pick(COLOR_SCHEMES, options.colorScheme, merchant?.colorScheme) ?? 'light',
  };
}

/** A focus ring in the accent colour when it stands out enough (3:1, WCAG 1.4.11), else in the text colour. */
function focusColour(accent: string, palette: typeof LIGHT | typeof DARK): string {
  return contrastRatio(accent, palette.bg) >= 3 ? accent : palette.text;
}

/**
 * The merchant-dependent custom properties. The base stylesheet reads them as fallbacks behind the
 * public `--tps-*` properties, so a merchant's own CSS still wins.
 */
export function themeCss(theme: Theme): string {
  const accent = parseHexColor(theme.accent) ?? DEFAULT_ACCENT;
  const onAccent = mostReadable(accent, [ON_ACCENT_LIGHT, ON_ACCENT_DARK]);
  return (
    `:host{--_cfg-accent:${accent};--_cfg-on-accent:${onAccent};` +
    `--_cfg-focus:${focusColour(accent, LIGHT)};--_cfg-focus-dark:${focusColour(accent, DARK)}}`
  );
}
