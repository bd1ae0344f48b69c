import { describe, expect, test } from 'vitest';
import { looksLikeCardData, luhn } from './card-detect.js';

describe('card data detector', () => {
  test('Luhn', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
  });

  test.each([
    '我的卡号是 4111 1111 1111 1111',
    'card 5500-0000-0000-0004 declined',
    '6222021234567890128 这张卡付不了', // a 19-digit UnionPay-style number that passes Luhn
    '378282246310005',
    'CVV 123',
    'my cvc: 4567',
    '安全码是 321',
    'security code is 999',
  ])('warns on %s', (text) => {
    expect(looksLikeCardData(text)).toBe(true);
  });

  test.each([
    '我付了 ¥1,299.00 但订单没更新',
    'It happened in 2026 and again in 2025',
    '手机号 13812345678',
    '+86 138 1234 5678',
    '订单号 202604011234567890', // fails Luhn
    'order 1234 5678 9012 3456', // fails Luhn
    'reference demo-failed',
    '0000 0000 0000 0000',
    'https://example.com/orders/4111',
  ])('leaves %s alone', (text) => {
    expect(looksLikeCardData(text)).toBe(false);
  });
});
