import { describe, expect, it } from 'vitest';
import { everyDay, helpfulRate, periodRange } from '../../../src/features/assistant/period.js';

describe('assistant report periods', () => {
  it('a period of N days is today (UTC) and the N − 1 days before, up to now', () => {
    const now = new Date('2026-12-07T03:15:00Z');
    expect(periodRange(7, now)).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-07T03:15:00.000Z' });
  });

  it('every day of the period is on the chart, quiet days as zeros', () => {
    const days = everyDay({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-03T10:00:00.000Z',
      days: [{ day: '2026-12-02', conversations: 3, resolvedByAssistant: 1, handedOff: 2 }],
    });
    expect(days).toEqual([
      { day: '2026-12-01', conversations: 0, resolvedByAssistant: 0, handedOff: 0 },
      { day: '2026-12-02', conversations: 3, resolvedByAssistant: 1, handedOff: 2 },
      { day: '2026-12-03', conversations: 0, resolvedByAssistant: 0, handedOff: 0 },
    ]);
  });

  it('the helpful rate is of the votes cast, and none without votes', () => {
    expect(helpfulRate({ helpful: 3, notHelpful: 1 })).toBe(0.75);
    expect(helpfulRate({ helpful: 0, notHelpful: 0 })).toBeNull();
  });
});
