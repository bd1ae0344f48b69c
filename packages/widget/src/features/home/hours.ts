import { type BusinessHours, minutesOfDay, zonedWeekMinute } from '@topay-support/protocol';

export type OpeningState = { open: true } | { open: false; opensAt: Date | undefined };

/**
 * Whether the merchant is open at `at`, read in the merchant's time zone (the same rule as the server's
 * availability), and if not, the instant it next opens (within a week), to show in the visitor's own zone.
 * The instant assumes the zone's UTC offset stays as it is now: off by an hour only across a DST change.
 *
 * @example openingState({ timeZone: 'Asia/Shanghai', days: { 1: [['09:00', '18:00']] } }, new Date())
 */
export function openingState(hours: BusinessHours, at: Date): OpeningState {
  const local = zonedWeekMinute(hours.timeZone, at);
  if (!local) return { open: false, opensAt: undefined }; // an unknown time zone: say nothing we cannot back
  const { day: today, minute: now } = local;
  const ranges = (offset: number) =>
    (hours.days[((today + offset) % 7) as 0] ?? []).map(([open, close]) => [
      minutesOfDay(open),
      minutesOfDay(close),
    ]);
  if (ranges(0).some(([open = 0, close = 0]) => now >= open && now < close)) return { open: true };
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  for (let offset = 0; offset <= 7; offset++) {
    const opens = ranges(offset)
      .map(([open = 0]) => open + offset * 1440)
      .filter((open) => open > now)
      .sort((a, b) => a - b)[0];
    if (opens !== undefined)
      return { open: false, opensAt: new Date(startOfMinute + (opens - now) * 60_000) };
  }
  return { open: false, opensAt: undefined };
}
