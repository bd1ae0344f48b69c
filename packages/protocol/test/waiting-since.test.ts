import { describe, expect, test } from 'vitest';
import { AUTHOR_TYPES, nextWaitingSince, waitingSinceChange } from '../src/index.js';
import { WAITING_SINCE_CASES } from './waiting-since-cases.js';

const EARLIER = '2024-05-01T10:00:00.000Z';
const AT = '2024-05-01T10:05:00.000Z';

describe('nextWaitingSince', () => {
  test.each(WAITING_SINCE_CASES)('$name', ({ author, internal, waiting, expected }) => {
    const next = nextWaitingSince(waiting ? EARLIER : null, {
      author: { type: author },
      internal,
      createdAt: AT,
    });
    expect(next).toBe(expected === 'earlier' ? EARLIER : expected === 'this' ? AT : null);
  });

  test('the table covers every author type, waiting or not', () => {
    for (const type of AUTHOR_TYPES) {
      for (const waiting of [false, true]) {
        expect(WAITING_SINCE_CASES.some((c) => c.author === type && c.waiting === waiting)).toBe(true);
      }
    }
  });

  test('a message without `internal` (the wire leaves it out) is not internal', () => {
    expect(waitingSinceChange({ author: { type: 'agent' } })).toBe('clear');
  });
});
