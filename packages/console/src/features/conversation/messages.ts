import type { Message } from '@topay-support/protocol';

/**
 * Merges messages by `seq` (gapless and unique per conversation), keeping seq order. The same message
 * can arrive from history, a live push and a sync; it must appear once.
 */
export function mergeMessages(current: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return current;
  const last = current.at(-1);
  // The common case, one live message after the last one, needs no re-sort.
  if (incoming.length === 1 && incoming[0] && (!last || incoming[0].seq > last.seq)) {
    return [...current, incoming[0]];
  }
  const bySeq = new Map(current.map((message) => [message.seq, message]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq held, 0 when none: what to ask the server for "everything after". */
export function lastSeq(messages: readonly Message[]): number {
  return messages.at(-1)?.seq ?? 0;
}
