// The payments chunk's entry: everything behind `import('./chunk.js')`, loaded when the payments view first shows.
import type { Locale } from '@topay-support/protocol';
import { paymentsZhCN } from './messages.zh-CN.js';

export type { PaymentDesk } from './desk.js';
export { createPaymentDesk } from './desk.js';
export { PaymentsScreen } from './payments-screen.js';
export { PAYMENTS_CSS } from './styles.js';

export const PAYMENTS_MESSAGES: Partial<Record<Locale, Readonly<Record<string, string>>>> = {
  // Only the inlined default locale: the others' strings come with their locale chunk (`i18n/locales/`).
  'zh-CN': paymentsZhCN,
};

export type PaymentsChunk = typeof import('./chunk.js');
