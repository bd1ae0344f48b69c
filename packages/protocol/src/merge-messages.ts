import type { Message } from './chat.js';

/** Who holds the history: a visitor never keeps an agents-only note, even if a server bug sent one. */
export type HistoryReader = 'visitor' | 'agent';

/**
 * Merges messages into a seq-ordered history without duplicates: a page, a push, a sync and an ack may all
 * carry the same message. A stored message never changes, so the copy already held is kept (views keyed on it
 * do not re-render), and the held array itself is returned when nothing is new. `added` is what was not held,
 * in seq order: what a client announces. The SDK and the console both merge with it; its cases are
 * `packages/protocol/test/merge-messages-cases.ts`.
 *
 * @example
 * const { history, added } = mergeMessages(held, ack.data.messages, 'visitor');
 */
export function mergeMessages(
  held: readonly Message[],
  incoming: readonly Message[],
  reader: HistoryReader,
): { history: readonly Message[]; added: Message[] } {
  const seqs = new Set<number>();
  const ids = new Set<string>();
  for (const m of held) {
    seqs.add(m.seq);
    ids.add(m.id);
  }
  const added: Message[] = [];
  for (const m of incoming) {
    if ((m.internal && reader === 'visitor') || seqs.has(m.seq) || ids.has(m.id)) continue;
    seqs.add(m.seq);
    ids.add(m.id);
    added.push(m);
  }
  if (added.length === 0) return { history: held, added };
  added.sort((a, b) => a.seq - b.seq);
  const last = held.at(-1);
  // The common case, newer messages, appends without sorting the whole history.
  const history =
    last === undefined || (added[0] as Message).seq > last.seq
      ? [...held, ...added]
      : [...held, ...added].sort((a, b) => a.seq - b.seq);
  return { history, added };
}
