import type { DemoPaymentRecord } from '../storage/demo-payments.js';

type DemoPayment = Omit<DemoPaymentRecord, 'merchantId'>;

const EMAIL = 'buyer@example.com';
const USER_ID = 'demo-user-1';

function at(daysAgo: number, hour: number, minute = 0): string {
  const base = Date.UTC(2026, 10, 20, hour, minute);
  return new Date(base - daysAgo * 86_400_000).toISOString();
}

function payment(
  reference: string,
  status: string,
  amountMinor: number,
  currency: string,
  createdAt: string,
  events: Array<[string, string]>,
  extra: Partial<DemoPayment> = {},
): DemoPayment {
  return {
    reference,
    email: EMAIL,
    userId: USER_ID,
    status,
    reason: null,
    amountMinor,
    currency,
    cardBrand: 'visa',
    cardLast4: '4242',
    events: events.map(([type, time]) => ({ type, at: time })),
    createdAt,
    ...extra,
  };
}

/** The demo payments of docs/demo-data.md: one per status, all paid with buyer@example.com by demo-user-1. */
export const DEMO_PAYMENTS: DemoPayment[] = [
  payment('demo-succeeded', 'succeeded', 12_800, 'CNY', at(2, 3), [
    ['created', at(2, 3)],
    ['authorized', at(2, 3, 1)],
    ['succeeded', at(2, 3, 1)],
  ]),
  payment('demo-pending', 'pending', 4_999, 'CNY', at(0, 1), [['created', at(0, 1)]], {
    cardBrand: 'unionpay',
    cardLast4: '0005',
  }),
  payment('demo-processing', 'processing', 25_600, 'CNY', at(0, 2), [
    ['created', at(0, 2)],
    ['authorized', at(0, 2, 1)],
    ['processing', at(0, 2, 2)],
  ]),
  payment(
    'demo-failed',
    'failed',
    39_900,
    'CNY',
    at(1, 6),
    [
      ['created', at(1, 6)],
      ['failed', at(1, 6, 1)],
    ],
    { reason: 'insufficient_funds', cardBrand: 'unionpay', cardLast4: '6217' },
  ),
  payment(
    'demo-declined',
    'failed',
    8_800,
    'USD',
    at(1, 9),
    [
      ['created', at(1, 9)],
      ['failed', at(1, 9, 1)],
    ],
    { reason: 'card_declined', cardBrand: 'mastercard', cardLast4: '4444' },
  ),
  payment(
    'demo-expired',
    'failed',
    15_000,
    'HKD',
    at(3, 4),
    [
      ['created', at(3, 4)],
      ['failed', at(3, 4, 1)],
    ],
    { reason: 'expired_card', cardBrand: 'visa', cardLast4: '1881' },
  ),
  payment('demo-refunded', 'refunded', 19_900, 'CNY', at(9, 5), [
    ['created', at(9, 5)],
    ['succeeded', at(9, 5, 1)],
    ['refund_requested', at(6, 2)],
    ['refunded', at(5, 8)],
  ]),
  payment(
    'demo-partially-refunded',
    'partially_refunded',
    56_000,
    'CNY',
    at(12, 7),
    [
      ['created', at(12, 7)],
      ['succeeded', at(12, 7, 1)],
      ['refund_requested', at(8, 3)],
      ['partially_refunded', at(7, 3)],
    ],
    { cardBrand: 'mastercard', cardLast4: '5100' },
  ),
  payment(
    'demo-disputed',
    'disputed',
    120_000,
    'USD',
    at(20, 10),
    [
      ['created', at(20, 10)],
      ['succeeded', at(20, 10, 1)],
      ['dispute_opened', at(4, 6)],
    ],
    { cardBrand: 'amex', cardLast4: '0005' },
  ),
  payment(
    'demo-cancelled',
    'cancelled',
    6_600,
    'CNY',
    at(4, 8),
    [
      ['created', at(4, 8)],
      ['cancelled', at(4, 8, 20)],
    ],
    { reason: 'cancelled_by_customer' },
  ),
];
