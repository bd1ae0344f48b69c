import { type BusinessHours, minutesOfDay, zonedWeekMinute } from '@topay-support/protocol';

/** Whether `at` falls within the merchant's opening hours, read in the merchant's time zone. */
export function withinBusinessHours(hours: BusinessHours | undefined, at: Date): boolean {
  if (!hours) return true;
  const local = zonedWeekMinute(hours.timeZone, at);
  // A zone this runtime does not know (seeded by hand, or dropped from tzdata) must not stop
  // chats: read the hours as absent, like a merchant without any.
  if (!local) return true;
  return (hours.days[local.day as 0] ?? []).some(
    ([open, close]) => local.minute >= minutesOfDay(open) && local.minute < minutesOfDay(close),
  );
}
