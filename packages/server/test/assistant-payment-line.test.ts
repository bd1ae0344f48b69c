import { PAYMENT_STATUSES, type PaymentStatus, type PaymentView } from '@topay-support/protocol';
import { describe, expect, it } from 'vitest';
import { paymentLine } from '../src/features/assistant/wording.js';

const payment = (status: PaymentStatus, reason?: PaymentView['reason']): PaymentView => ({
  reference: 'demo-declined',
  status,
  ...(reason ? { reason } : {}),
  amount: { minor: 8800, currency: 'USD' },
  merchant: { name: 'Topay 演示商店' },
  card: { brand: 'mastercard', last4: '4444' },
  createdAt: '2026-11-19T09:00:00Z',
  events: [],
});

describe("the assistant's line about the conversation's own payment", () => {
  it.each([
    [
      'failed',
      'card_declined',
      'The payment you asked about in this conversation, demo-declined, did not go through (declined by your bank: ask your bank to allow online payments, or use another card).',
    ],
    [
      'succeeded',
      undefined,
      'The payment you asked about in this conversation, demo-declined, went through.',
    ],
    [
      'partially_refunded',
      undefined,
      'The payment you asked about in this conversation, demo-declined, was partly refunded.',
    ],
  ] as const)('en, %s: a whole sentence', (status, reason, line) => {
    expect(paymentLine(payment(status, reason), 'en')).toBe(line);
  });

  it.each(PAYMENT_STATUSES)('en, %s: never "is <participle>" and never card data or the amount', (status) => {
    const line = paymentLine(payment(status), 'en');
    expect(line).not.toMatch(/\bis (failed|succeeded|refunded|cancelled|partially)\b/);
    expect(line).not.toMatch(/4444|88\.00|8800/);
  });

  it('zh-CN names the status after a colon', () => {
    expect(paymentLine(payment('failed', 'card_declined'), 'zh-CN')).toMatch(
      /^你在这个对话里询问的付款 demo-declined 当前状态：/,
    );
  });
});
