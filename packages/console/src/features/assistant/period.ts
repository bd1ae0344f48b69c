import type { AssistantReport } from '@topay-support/protocol';

/** The report's periods, in days, ending now. */
export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];

const DAY_MS = 86_400_000;

/**
 * The period's bounds for `GET /v1/agent/assistant/report`: from the start of the UTC day `days - 1`
 * days ago (so "7 days" is today and the six before, as the per-day chart shows them) to now.
 */
export function periodRange(days: PeriodDays, now: Date): { from: string; to: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - (days - 1) * DAY_MS).toISOString(), to: now.toISOString() };
}

/** Helpful votes over all votes, or null when nobody voted (a rate of nothing is not 0 %). */
export function helpfulRate(report: Pick<AssistantReport, 'helpful' | 'notHelpful'>): number | null {
  const votes = report.helpful + report.notHelpful;
  return votes === 0 ? null : report.helpful / votes;
}

/**
 * Every UTC day of the period, in order, with zeros where the report has none: the chart's x axis
 * must not skip quiet days.
 */
export function everyDay(report: Pick<AssistantReport, 'from' | 'to' | 'days'>): AssistantReport['days'] {
  const known = new Map(report.days.map((day) => [day.day, day]));
  const start = Date.parse(`${report.from.slice(0, 10)}T00:00:00Z`);
  const end = Date.parse(report.to);
  const days: AssistantReport['days'] = [];
  for (let at = start; at < end && days.length < 400; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push(known.get(day) ?? { day, conversations: 0, resolvedByAssistant: 0, handedOff: 0 });
  }
  return days;
}
