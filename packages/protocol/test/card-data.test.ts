import { describe, expect, test } from 'vitest';
import { CARD_PLACEHOLDER, CODE_PLACEHOLDER, containsCardData, redactCardData } from '../src/index.js';
import { CARD_DATA_CASES, NOT_CARD_DATA } from './card-data-cases.js';
import { cardDataLeft } from './card-data-scan.js';

describe('redactCardData', () => {
  test.each(CARD_DATA_CASES)('$name', (c) => {
    const result = redactCardData(c.input);
    expect(result.redacted).toBe(true);
    if (c.redacted !== undefined) expect(result.text).toBe(c.redacted);
    expect(cardDataLeft(result.text, c)).toEqual([]);
    expect(containsCardData(c.input)).toBe(true);
    // What is left is clean: redacting again changes nothing.
    expect(redactCardData(result.text)).toEqual({ text: result.text, redacted: false });
  });

  test.each(NOT_CARD_DATA)('leaves alone: $name', ({ input }) => {
    expect(redactCardData(input)).toEqual({ text: input, redacted: false });
    expect(containsCardData(input)).toBe(false);
  });

  test('the scanner the end-to-end test relies on finds every case before redaction', () => {
    for (const c of CARD_DATA_CASES) expect(cardDataLeft(c.input, c), c.name).not.toEqual([]);
  });

  test('keeps everything else of a long message, and placeholders are plain text', () => {
    const text = `${'你好，'.repeat(500)}4242 4242 4242 4242${'。'.repeat(10)}`;
    const result = redactCardData(text);
    expect(result.text).toBe(`${'你好，'.repeat(500)}${CARD_PLACEHOLDER}${'。'.repeat(10)}`);
    expect(CARD_PLACEHOLDER).not.toMatch(/\d/);
    expect(CODE_PLACEHOLDER).not.toMatch(/\d/);
  });
});
