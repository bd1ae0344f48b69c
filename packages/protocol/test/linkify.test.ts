import { describe, expect, test } from 'vitest';
import { linkify } from '../src/index.js';
import { LINKIFY_CASES } from './linkify-cases.js';

describe('linkify', () => {
  test.each(LINKIFY_CASES)('$name', ({ input, parts }) => {
    expect(linkify(input)).toEqual(parts);
  });

  test('the parts put back together are the text, character for character', () => {
    for (const { input } of LINKIFY_CASES) {
      expect(
        linkify(input)
          .map((part) => part.text)
          .join(''),
      ).toBe(input);
    }
  });
});
