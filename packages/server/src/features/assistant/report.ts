import type { AssistantReport } from '@topay-support/protocol';
import type { AssistantReportRow } from '../../storage/assistant-replies.js';
import { toSimplified } from '../help/chinese-script.js';

const TOP_UNANSWERED = 20;
const QUESTION_SHOWN = 200;

/** Questions count as the same when they differ only in case, script, spacing or punctuation. */
export function normalizeQuestion(text: string): string {
  return (
    toSimplified(text.normalize('NFKC').toLowerCase())
      .replace(/[\p{P}\p{S}\s]+/gu, ' ')
      // Chinese needs no spaces: "支持 比特币" and "支持比特币" are one question.
      .replace(/(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/gu, '')
      .trim()
  );
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Every UTC day from `from` up to (not including) `to`, so the chart has no holes. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = new Date(to).getTime();
  for (let t = Date.parse(`${dayOf(from)}T00:00:00Z`); t < end && days.length < 400; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * How the assistant did over a period, from its replies in that period and what became of their
 * conversations. A conversation counts on the day of its first reply in the period.
 */
export function buildReport(from: string, to: string, rows: AssistantReportRow[]): AssistantReport {
  const conversations = new Map<string, AssistantReportRow>();
  let helpful = 0;
  let notHelpful = 0;
  const unanswered = new Map<string, { question: string; count: number; lastAt: string }>();
  for (const row of rows) {
    if (!conversations.has(row.conversationId)) conversations.set(row.conversationId, row);
    if (row.helpful === true) helpful++;
    if (row.helpful === false) notHelpful++;
    if (!row.answered) {
      const key = normalizeQuestion(row.question);
      if (!key) continue;
      const entry = unanswered.get(key);
      if (entry) {
        entry.count++;
        if (row.createdAt > entry.lastAt) entry.lastAt = row.createdAt;
      } else {
        unanswered.set(key, {
          question: row.question.replace(/\s+/g, ' ').trim().slice(0, QUESTION_SHOWN),
          count: 1,
          lastAt: row.createdAt,
        });
      }
    }
  }
  const days = new Map(
    daysBetween(from, to).map((day) => [
      day,
      { day, conversations: 0, resolvedByAssistant: 0, handedOff: 0 },
    ]),
  );
  let resolvedByAssistant = 0;
  let handedOff = 0;
  for (const first of conversations.values()) {
    const resolved = first.conversationStatus === 'resolved' && !first.agentReplied;
    const handed = first.handoffAt !== null;
    if (resolved) resolvedByAssistant++;
    if (handed) handedOff++;
    const day = days.get(dayOf(first.createdAt));
    if (day) {
      day.conversations++;
      if (resolved) day.resolvedByAssistant++;
      if (handed) day.handedOff++;
    }
  }
  return {
    from,
    to,
    conversations: conversations.size,
    resolvedByAssistant,
    handedOff,
    helpful,
    notHelpful,
    days: [...days.values()],
    unanswered: [...unanswered.values()]
      .sort((a, b) => b.count - a.count || (a.lastAt < b.lastAt ? 1 : -1))
      .slice(0, TOP_UNANSWERED),
  };
}
