import type { Locale } from '@topay-support/protocol';

/** "512 B", "84 kB", "2.4 MB": Intl supplies the unit words, so the catalogue needs none. */
export function formatBytes(bytes: number, locale: Locale): string {
  const [value, unit] =
    bytes < 1000
      ? [bytes, 'byte']
      : bytes < 1_000_000
        ? [bytes / 1000, 'kilobyte']
        : [bytes / 1_000_000, 'megabyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 'megabyte' ? 1 : 0,
  }).format(value);
}
