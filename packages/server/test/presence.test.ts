import { describe, expect, it } from 'vitest';
import { PresenceRegistry, withinBusinessHours } from '../src/features/chat/presence.js';

describe('business hours', () => {
  const hours = {
    timeZone: 'Asia/Shanghai',
    days: {
      1: [['09:00', '18:00']],
      2: [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ],
    } as const,
  };
  const at = (iso: string) => new Date(iso);

  it('reads the time in the merchant time zone', () => {
    // Monday 09:30 in Shanghai is 01:30 UTC.
    expect(withinBusinessHours(hours as never, at('2026-11-23T01:30:00Z'))).toBe(true);
    // Monday 08:59 in Shanghai.
    expect(withinBusinessHours(hours as never, at('2026-11-23T00:59:00Z'))).toBe(false);
    // Monday 18:00 is closing time: closed.
    expect(withinBusinessHours(hours as never, at('2026-11-23T10:00:00Z'))).toBe(false);
    // Tuesday lunch break.
    expect(withinBusinessHours(hours as never, at('2026-11-24T04:30:00Z'))).toBe(false);
    expect(withinBusinessHours(hours as never, at('2026-11-24T05:30:00Z'))).toBe(true);
    // Sunday: no hours at all.
    expect(withinBusinessHours(hours as never, at('2026-11-22T03:00:00Z'))).toBe(false);
  });

  it('is always open without configured hours', () => {
    expect(withinBusinessHours(undefined, new Date())).toBe(true);
  });
});

describe('presence', () => {
  it('counts an agent online while any socket is connected and not away', () => {
    const presence = new PresenceRegistry();
    presence.connect('m', 'a', 'Ann');
    presence.connect('m', 'a', 'Ann');
    presence.disconnect('m', 'a');
    expect(presence.anyOnline('m')).toBe(true);
    presence.setStatus('m', 'a', 'away');
    expect(presence.anyOnline('m')).toBe(false);
    expect(presence.status('m', 'a')).toBe('away');
    presence.disconnect('m', 'a');
    expect(presence.status('m', 'a')).toBe('offline');
    expect(presence.anyOnline('other')).toBe(false);
  });
});
