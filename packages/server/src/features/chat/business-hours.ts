import type { BusinessHours } from '@topay-support/protocol';

const WEEKDAYS: Record<string, 0 | 1 | 2 | 3 | 4 | 5 | 6> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** Whether `at` falls within the merchant's opening hours, read in the merchant's time zone. */
export function withinBusinessHours(hours: BusinessHours | undefined, at: Date): boolean {
  if (!hours) return true;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: hours.timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
  } catch {
    // A zone this runtime does not know (seeded by hand, or dropped from tzdata) must not stop
    // chats: read the hours as absent, like a merchant without any.
    return true;
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS[part('weekday')];
  if (day === undefined) return true;
  const time = `${part('hour')}:${part('minute')}`;
  return (hours.days[day] ?? []).some(([open, close]) => time >= open && time < close);
}
