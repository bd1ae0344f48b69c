/**
 * The one table of card-data cases (issue 11). The protocol's detector test, the widget's warning test
 * and the server's redaction test all run it, and the server's end-to-end test sends every case
 * through every field a visitor fills in: one list, so the copies cannot drift apart again.
 */

import { CARD_PLACEHOLDER as CARD, CODE_PLACEHOLDER as CODE } from '../src/card-data.js';

export interface CardDataCase {
  /** What the test is about. */
  name: string;
  /** What the visitor typed. */
  input: string;
  /** The text once redacted, where the words around the card data must survive exactly. */
  redacted?: string;
  /** The card numbers in it, as plain ASCII digits: after redaction they must be nowhere, in any form. */
  cards: readonly string[];
  /** The security codes in it, with the word before each one when there is one (to look for the pair). */
  codes: readonly { code: string; after?: string }[];
}

export const CARD_DATA_CASES: readonly CardDataCase[] = [
  {
    name: 'full-width digits from a Chinese input method',
    input: '４２４２４２４２４２４２４２４２',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'full-width digits, grouped with spaces',
    input: '卡号 ４２４２ ４２４２ ４２４２ ４２４２ 付不了',
    redacted: `卡号 ${CARD} 付不了`,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'full-width digits grouped with ideographic spaces (U+3000)',
    input: '４２４２\u3000４２４２\u3000４２４２\u3000４２４２',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'groups separated by dots',
    input: 'card 4242.4242.4242.4242 please',
    redacted: `card ${CARD} please`,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'groups separated by two spaces',
    input: '4242  4242  4242  4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'groups split by line breaks',
    input: 'my card:\n4242\n4242\n4242\n4242\nthanks',
    redacted: `my card:\n${CARD}\nthanks`,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'groups split by blank lines and tabs',
    input: '4111\n\n1111\t1111 \n 1111',
    redacted: CARD,
    cards: ['4111111111111111'],
    codes: [],
  },
  {
    name: 'full-width colon and digits after cvv',
    input: 'cvv：７３７',
    redacted: `cvv：${CODE}`,
    cards: [],
    codes: [{ code: '737', after: 'cvv' }],
  },
  {
    name: 'contiguous ASCII digits',
    input: '4242424242424242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'dashes, Chinese before it',
    input: '卡号4111-1111-1111-1111',
    redacted: `卡号${CARD}`,
    cards: ['4111111111111111'],
    codes: [],
  },
  {
    name: 'en dash, em dash, minus sign and full-width hyphen',
    input: '5555–5555—5555−4444 or 5555－5555－5555－4444',
    redacted: `${CARD} or ${CARD}`,
    cards: ['5555555555554444'],
    codes: [],
  },
  {
    name: 'no-break and thin spaces',
    input: '4242\u00a04242\u20094242\u202f4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'zero-width spaces between the digits',
    input: '4\u200b242\u200b4242\u200d4242\ufeff4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'ideographic full stops from a Chinese input method',
    input: '4242。4242。4242。4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'Arabic-Indic digits',
    input: 'رقم البطاقة ٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢',
    redacted: `رقم البطاقة ${CARD}`,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'slashes, underscores and plus signs',
    input: '4242/4242/4242/4242 or 4111_1111_1111_1111 or 4242+4242+4242+4242',
    redacted: `${CARD} or ${CARD} or ${CARD}`,
    cards: ['4242424242424242', '4111111111111111'],
    codes: [],
  },
  {
    name: 'keycap emoji digits and combining marks',
    input: '4\ufe0f\u20e32\ufe0f\u20e34\ufe0f\u20e32\ufe0f\u20e3 4\u03052\u03054\u03052\u0305 4242 4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'a right-to-left override inside the digits',
    input: '4242\u202e4242\u202c4242 4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'circled and superscript digits',
    input: '④②④② ⁴²⁴² 4242 4242',
    redacted: CARD,
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'American Express grouping (4-6-5)',
    input: 'amex 3782 822463 10005',
    redacted: `amex ${CARD}`,
    cards: ['378282246310005'],
    codes: [],
  },
  {
    name: '19-digit UnionPay number',
    input: '6222021234567890128 这张卡付不了',
    redacted: `${CARD} 这张卡付不了`,
    cards: ['6222021234567890128'],
    codes: [],
  },
  {
    name: 'two cards in one message',
    input: 'first 4111111111111111 then 5555 5555 5555 4444 ok',
    redacted: `first ${CARD} then ${CARD} ok`,
    cards: ['4111111111111111', '5555555555554444'],
    codes: [],
  },
  {
    name: 'a card glued to another number by a space',
    input: '订单 2026 4242 4242 4242 4242',
    cards: ['4242424242424242'],
    codes: [],
  },
  {
    name: 'the code right after the card',
    input: '4242424242424242 123',
    redacted: `${CARD} ${CODE}`,
    cards: ['4242424242424242'],
    codes: [{ code: '123' }],
  },
  {
    name: 'the code after a comma, full-width digits',
    input: '４２４２ ４２４２ ４２４２ ４２４２，９８７６',
    redacted: `${CARD}，${CODE}`,
    cards: ['4242424242424242'],
    codes: [{ code: '9876' }],
  },
  {
    name: 'the code after a slash',
    input: '6011111111111117/321',
    redacted: `${CARD}/${CODE}`,
    cards: ['6011111111111117'],
    codes: [{ code: '321' }],
  },
  {
    name: 'the code after the expiry date',
    input: '4242 4242 4242 4242 12/28 737',
    redacted: `${CARD} 12/28 ${CODE}`,
    cards: ['4242424242424242'],
    codes: [{ code: '737' }],
  },
  {
    name: 'CVV with a colon',
    input: 'CVV: 123',
    redacted: `CVV: ${CODE}`,
    cards: [],
    codes: [{ code: '123', after: 'cvv' }],
  },
  {
    name: 'cvc is …',
    input: 'the cvc is 4567',
    redacted: `the cvc is ${CODE}`,
    cards: [],
    codes: [{ code: '4567', after: 'cvc' }],
  },
  {
    name: 'CVN',
    input: 'my CVN 246',
    redacted: `my CVN ${CODE}`,
    cards: [],
    codes: [{ code: '246', after: 'cvn' }],
  },
  {
    name: 'CID (Amex)',
    input: 'CID=1234',
    redacted: `CID=${CODE}`,
    cards: [],
    codes: [{ code: '1234', after: 'cid' }],
  },
  {
    name: 'cvv2 glued to the code',
    input: 'cvv2:135',
    redacted: `cvv2:${CODE}`,
    cards: [],
    codes: [{ code: '135', after: 'cvv2' }],
  },
  {
    name: '安全码是',
    input: '安全码是 321',
    redacted: `安全码是 ${CODE}`,
    cards: [],
    codes: [{ code: '321', after: '安全码' }],
  },
  {
    name: '安全码 with a full-width colon',
    input: '安全码：888',
    redacted: `安全码：${CODE}`,
    cards: [],
    codes: [{ code: '888', after: '安全码' }],
  },
  {
    name: '验证码',
    input: '验证码 4321',
    redacted: `验证码 ${CODE}`,
    cards: [],
    codes: [{ code: '4321', after: '验证码' }],
  },
  {
    name: '校验码, full-width',
    input: '校验码：５６７',
    redacted: `校验码：${CODE}`,
    cards: [],
    codes: [{ code: '567', after: '校验码' }],
  },
  {
    name: '安全碼 (traditional)',
    input: '安全碼: 246',
    redacted: `安全碼: ${CODE}`,
    cards: [],
    codes: [{ code: '246', after: '安全碼' }],
  },
  {
    name: 'CVV码 and a full-width colon',
    input: 'CVV码：７３７',
    redacted: `CVV码：${CODE}`,
    cards: [],
    codes: [{ code: '737', after: 'cvv' }],
  },
  {
    name: 'the three digits on the back',
    input: '背面三位数 123',
    redacted: `背面三位数 ${CODE}`,
    cards: [],
    codes: [{ code: '123', after: '背面三位数' }],
  },
  {
    name: 'security code is …',
    input: 'security code is 999',
    redacted: `security code is ${CODE}`,
    cards: [],
    codes: [{ code: '999', after: 'security code' }],
  },
  {
    name: 'card, then the code after a word, everything full-width',
    input: '卡号４２４２　４２４２　４２４２　４２４２　ＣＶＶ：７３７',
    redacted: `卡号${CARD}　ＣＶＶ：${CODE}`,
    cards: ['4242424242424242'],
    codes: [{ code: '737', after: 'cvv' }],
  },
];

/** What must survive exactly as typed: no warning, no redaction. */
export const NOT_CARD_DATA: readonly { name: string; input: string }[] = [
  { name: 'a phone number in international form', input: '+86 138 0013 8000' },
  { name: 'the same without spaces', input: '电话 +8613800138000' },
  { name: 'a mainland mobile number with 86 and no plus', input: '8613800138000' },
  { name: 'a mainland mobile number', input: '手机号 13812345678' },
  { name: 'a US phone number', input: 'call +1 415 555 0100' },
  { name: 'a time with seconds and milliseconds', input: '2026-04-01 12:30:45.123' },
  { name: 'a sum', input: '1299+3999+4242=9540' },
  { name: 'an amount in yuan', input: '¥4,242.00' },
  { name: 'an amount, full-width yen sign', input: '我付了 ￥1,299.00 但订单没更新' },
  { name: 'an amount and a date', input: 'paid ¥1,299.00 on 2026-11-20' },
  { name: 'a date', input: '2026-04-01' },
  { name: 'a date in Chinese', input: '2026年4月1日' },
  // 2025123120260101 passes Luhn: only the date rule keeps it.
  { name: 'a date range whose digits pass Luhn', input: '2025-12-31 - 2026-01-01' },
  { name: 'a date range with dots', input: '2025.12.31 – 2026.01.01' },
  { name: 'a date range with slashes and a tilde', input: '2025/12/31~2026/01/01' },
  { name: 'a masked card number', input: '**** **** **** 4242' },
  { name: 'years', input: 'It happened in 2026 and again in 2025' },
  { name: 'an expiry date', input: 'expires 12/28' },
  { name: 'an order number that fails Luhn', input: '订单号 202604011234567890' },
  { name: 'a grouped order number that fails Luhn', input: 'order 1234 5678 9012 3456' },
  { name: 'another order number', input: 'order 2026112300012345 failed' },
  { name: 'a card-like number that fails Luhn', input: '4242 4242 4242 4241' },
  { name: 'full-width and failing Luhn', input: '４２４２４２４２４２４２４２４１' },
  { name: 'a placeholder of zeros', input: '0000 0000 0000 0000' },
  { name: 'the last four digits', input: 'card ending 4242' },
  { name: 'a payment reference', input: 'reference demo-failed, amount 399.00' },
  { name: 'a URL with a short number', input: 'https://example.com/orders/4111' },
  // 192168100209 passes Luhn.
  { name: 'an IPv4 address', input: 'my IP is 192.168.100.209' },
  { name: 'a CVV question without a code', input: 'where is the CVV on my card?' },
  { name: 'an SMS code of six digits', input: '短信验证码 123456 收不到' },
  { name: 'words that contain cid', input: 'I decide 1234 times' },
  { name: 'a long amount in cents', input: 'refund 12800 yuan' },
];
