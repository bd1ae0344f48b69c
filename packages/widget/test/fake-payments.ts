import type { PaymentView } from '@topay-support/protocol';
import { type PaymentsApi, SupportError } from '@topay-support/sdk';

export const BUYER = 'buyer@example.com';

const payment = (reference: string, extra: Partial<PaymentView>): PaymentView => ({
  reference,
  status: 'succeeded',
  amount: { minor: 12_800, currency: 'CNY' },
  merchant: { name: 'Topay 演示商店' },
  card: { brand: 'visa', last4: '4242' },
  createdAt: '2026-11-19T06:00:00.000Z',
  events: [
    { type: 'created', at: '2026-11-19T06:00:00.000Z' },
    { type: 'succeeded', at: '2026-11-19T06:01:00.000Z' },
  ],
  ...extra,
});

/** Demo-like payments, all paid with `BUYER`: CNY, USD (two decimals) and JPY (none). */
export const PAYMENTS: PaymentView[] = [
  payment('demo-failed', {
    status: 'failed',
    reason: 'insufficient_funds',
    amount: { minor: 39_900, currency: 'CNY' },
    card: { brand: 'unionpay', last4: '6217' },
    events: [
      { type: 'created', at: '2026-11-19T06:00:00.000Z' },
      { type: 'failed', at: '2026-11-19T06:01:00.000Z' },
    ],
  }),
  payment('demo-declined', {
    status: 'failed',
    reason: 'card_declined',
    amount: { minor: 8_800, currency: 'USD' },
    card: { brand: 'mastercard', last4: '4444' },
  }),
  payment('demo-yen', { amount: { minor: 3_999, currency: 'JPY' } }),
  payment('demo-refunded', {
    status: 'refunded',
    events: [
      { type: 'created', at: '2026-11-19T06:00:00.000Z' },
      { type: 'refunded', at: '2026-11-20T06:00:00.000Z' },
    ],
  }),
];

/**
 * `client.payments` in memory with the server's rules: the reference and `BUYER` prove ownership, anything else is
 * `payment_not_found` (the same for both kinds of mistake). `answer` replaces the next look-ups' outcome.
 */
export function fakePayments(payments: PaymentView[] = PAYMENTS) {
  const calls = { lookup: [] as Array<{ reference: string; email: string }>, list: 0 };
  const state = {
    answer: undefined as (() => Promise<PaymentView>) | undefined,
    /** The identified visitor's list; `undefined` answers `unauthorized`, as for an anonymous visitor. */
    own: undefined as PaymentView[] | undefined,
  };
  const api: PaymentsApi = {
    async lookup(proof) {
      calls.lookup.push(proof);
      if (state.answer) return state.answer();
      const found = payments.find((p) => p.reference === proof.reference);
      if (!found || proof.email !== BUYER)
        throw new SupportError('payment_not_found', 'No payment matches that reference and email', {
          status: 404,
        });
      return found;
    },
    async list() {
      calls.list++;
      if (!state.own) throw new SupportError('unauthorized', 'not identified', { status: 401 });
      return state.own;
    },
  };
  return { api, calls, state };
}
