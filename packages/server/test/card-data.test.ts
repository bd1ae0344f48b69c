import { describe, expect, it } from 'vitest';
import { CARD_DATA_CASES, NOT_CARD_DATA } from '../../protocol/test/card-data-cases.js';
import { cardDataLeft } from '../../protocol/test/card-data-scan.js';
import { emailHoldsCardData, scrubAttributes, scrubCardData } from '../src/card-data.js';
import { scrubLogLine } from '../src/logging.js';
import { openSchema } from '../src/realtime/schemas.js';

// The shared table, through the server's own entry points: the schema that parses a visitor's forms,
// the scrubber for encoded text, the log line writer. The end-to-end proof is card-data-everywhere.test.ts.
describe('the server removes card data where it enters', () => {
  it.each(CARD_DATA_CASES)('$name', (c) => {
    const encoded = encodeURIComponent(c.input);
    const parsed = openSchema.parse({
      name: c.input,
      context: {
        pageUrl: `https://shop.example/pay?note=${encoded}`,
        userAgent: c.input,
        attributes: { note: c.input, [c.input]: 'key' },
      },
    });
    const line = scrubLogLine(
      `${JSON.stringify({ level: 30, time: Date.now(), msg: c.input, req: { url: `/v1/help/search?q=${encoded}` } })}\n`,
    );
    for (const text of [
      JSON.stringify(parsed),
      scrubCardData(c.input),
      scrubCardData(encoded),
      scrubCardData(encoded.replace(/%20/g, '+')),
      line,
    ]) {
      expect(cardDataLeft(text, c), text).toEqual([]);
    }
    expect(line.endsWith('}\n')).toBe(true);
    for (const card of c.cards) {
      expect(emailHoldsCardData(`${card}@example.com`)).toBe(true);
      expect(emailHoldsCardData(`${card.match(/.{1,4}/g)?.join('_')}@example.com`)).toBe(true);
      if (Number.isSafeInteger(Number(card)))
        expect(scrubAttributes({ card: Number(card) })).toEqual({ card: '[card number removed]' });
    }
  });

  it.each(NOT_CARD_DATA)('leaves alone: $name', ({ input }) => {
    expect(scrubCardData(input)).toBe(input);
    expect(openSchema.parse({ context: { userAgent: input, attributes: { note: input } } }).context).toEqual({
      userAgent: input,
      attributes: { note: input },
    });
  });

  it('keeps ordinary addresses, numbers and log lines as they are', () => {
    for (const email of ['13800138000@163.com', '123456789@qq.com', 'buyer+2026.04@example.com']) {
      expect(emailHoldsCardData(email)).toBe(false);
    }
    expect(scrubAttributes({ orders: 3, plan: 'pro', vip: true, none: null, phone: 8613800138000 })).toEqual({
      orders: 3,
      plan: 'pro',
      vip: true,
      none: null,
      phone: 8613800138000,
    });
    const line = `${JSON.stringify({ level: 30, time: 1765073045123, pid: 4242, msg: 'request completed' })}\n`;
    expect(scrubLogLine(line)).toBe(line);
  });
});
