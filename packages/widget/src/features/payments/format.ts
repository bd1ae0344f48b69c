import { formatMoney } from '@topay-support/protocol';

// Money and times as the visitor reads them: their locale, their time zone (the browser's).

/** An amount in minor units as the locale writes that currency: the protocol's one rule (`formatMoney`). */
export function formatAmount(minor: number, currency: string, locale: string): string {
  return formatMoney({ minor, currency }, locale);
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
