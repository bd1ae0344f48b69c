import type { Message } from '@topay-support/protocol';

/**
 * Merges messages into a seq-ordered history without duplicates (a push, a sync and an ack may all carry the
 * same message). Returns a new array when anything was added, so holders of the old one see a stable snapshot.
 */
export function mergeMessages(
  history: readonly Message[],
  incoming: readonly Message[],
): { history: readonly Message[]; added: Message[] } {
  const seen = new Set<number>();
  const ids = new Set<string>();
  for (const m of history) {
    seen.add(m.seq);
    ids.add(m.id);
  }
  const added: Message[] = [];
  for (const m of incoming) {
    // Agents' internal notes never reach visitors; a server bug must not show one either.
    if (m.internal || seen.has(m.seq) || ids.has(m.id)) continue;
    seen.add(m.seq);
    ids.add(m.id);
    added.push(m);
  }
  if (added.length === 0) return { history, added };
  added.sort((a, b) => a.seq - b.seq);
  const last = history[history.length - 1];
  // The common case, a newer message, appends without sorting the whole history.
  const merged =
    last === undefined || (added[0]?.seq ?? 0) > last.seq
      ? [...history, ...added]
      : [...history, ...added].sort((a, b) => a.seq - b.seq);
  return { history: merged, added };
}
