import { describe, expect, it } from 'vitest';
import { CARD_PLACEHOLDER, CODE_PLACEHOLDER, redactCardData } from '../src/features/chat/redact.js';

describe('redactCardData', () => {
  it.each([
    ['4242424242424242', CARD_PLACEHOLDER],
    ['my card is 4242 4242 4242 4242 thanks', `my card is ${CARD_PLACEHOLDER} thanks`],
    ['卡号4111-1111-1111-1111', `卡号${CARD_PLACEHOLDER}`],
    ['6212 2612 0200 0000 001 银联', null],
    ['amex 3782 822463 10005', `amex ${CARD_PLACEHOLDER}`],
    ['4242424242424242 123', `${CARD_PLACEHOLDER} ${CODE_PLACEHOLDER}`],
    ['4242 4242 4242 4242, 9876', `${CARD_PLACEHOLDER}, ${CODE_PLACEHOLDER}`],
    ['CVV: 123', `CVV: ${CODE_PLACEHOLDER}`],
    ['the cvc is 4567', `the cvc is ${CODE_PLACEHOLDER}`],
    ['安全码是 321', `安全码是 ${CODE_PLACEHOLDER}`],
    ['安全码：888', `安全码：${CODE_PLACEHOLDER}`],
  ])('redacts %j', (input, expected) => {
    const result = redactCardData(input);
    expect(result.redacted).toBe(true);
    if (expected) expect(result.text).toBe(expected);
    expect(result.text).not.toMatch(/\d{12,}/);
  });

  it.each([
    '¥1,299.00 was charged twice',
    'I paid 12800 yuan in 2026',
    'call me on 13812345678',
    '+86 138 1234 5678',
    'order 2026112300012345 failed',
    'reference demo-failed, amount 399.00',
    'born 1990-01-01, card ending 4242',
    '0000 0000 0000 0000',
    'expires 12/28',
  ])('leaves %j alone', (input) => {
    expect(redactCardData(input)).toEqual({ text: input, redacted: false });
  });

  it('handles several cards and keeps surrounding text', () => {
    const result = redactCardData('first 4111111111111111 then 5555 5555 5555 4444 ok');
    expect(result.text).toBe(`first ${CARD_PLACEHOLDER} then ${CARD_PLACEHOLDER} ok`);
  });
});
