// Money and times as the visitor reads them: their locale, their time zone (the browser's).

/**
 * An amount in minor units (fen, cents; yen have none) as the locale writes that currency. The divisor comes from
 * the currency's own digits, so ¥3,999 JPY is not shown as ¥39.99.
 */
export function formatAmount(minor: number, currency: string, locale: string): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    // An unknown currency code: the number and the code as sent, rather than nothing.
    return `${minor / 100} ${currency}`;
  }
}

export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "2 minutes", "30 秒": how long a rate-limited visitor waits, rounded up. */
export function formatWait(ms: number, locale: string): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const minutes = seconds >= 90;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: minutes ? 'minute' : 'second',
    unitDisplay: 'long',
  }).format(minutes ? Math.ceil(seconds / 60) : seconds);
}
