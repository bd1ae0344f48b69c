import { describe, expect, test } from 'vitest';
import { mergeMessages } from '../src/index.js';
import { MERGE_CASES, message } from './merge-messages-cases.js';

describe('mergeMessages', () => {
  test.each(MERGE_CASES)('$name', (c) => {
    const held = c.held.map(message);
    for (const reader of ['agent', 'visitor'] as const) {
      const visibleHeld = reader === 'visitor' ? held.filter((m) => !m.internal) : held;
      const { history, added } = mergeMessages(visibleHeld, c.incoming.map(message), reader);
      expect(
        history.map((m) => m.seq),
        reader,
      ).toEqual(c[reader]);
      if (c.texts) expect(history.map((m) => m.text)).toEqual(c.texts);
      // `added` is exactly what was not held, in seq order, and nothing new means the same array back.
      const heldSeqs = new Set(visibleHeld.map((m) => m.seq));
      expect(added.map((m) => m.seq)).toEqual(c[reader].filter((seq) => !heldSeqs.has(seq)));
      if (added.length === 0) expect(history).toBe(visibleHeld);
    }
  });
});
