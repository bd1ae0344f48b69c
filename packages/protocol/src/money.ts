// The one rule for showing an amount, in the widget's payments chunk and the console's payment card. Its own file,
// so it travels only with the views that show money.

/** An amount as the wire carries it: minor units (fen, cents; yen have none) and an ISO 4217 code. */
export interface Money {
  minor: number;
  currency: string;
}

/**
 * An amount as the locale writes that currency. The currency's own digits divide the minor units, so ¥3,999 JPY is
 * not shown as ¥39.99. Digits follow `Intl`'s default for the locale (for `ar`, Latin digits as CLDR has it).
 *
 * @example formatMoney({ minor: 12999, currency: 'CNY' }, 'zh-CN') // '¥129.99'
 */
export function formatMoney(amount: Money, locale: string | undefined): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency: amount.currency });
    return format.format(amount.minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    // An unknown currency code: the figures as sent, rather than nothing.
    return `${amount.minor} ${amount.currency}`;
  }
}
