import type { Message } from '@topay-support/protocol';

/** The highest seq held, 0 when none. */
export function lastSeq(messages: readonly Message[]): number {
  return messages.at(-1)?.seq ?? 0;
}

/**
 * The seq up to which every message is held: what to ask the server for "everything after". Agents
 * see every seq (internal notes too), so a hole is a push that never arrived, and asking after the
 * newest held seq would skip it for good (our own reply's ack can overtake a lost push).
 */
export function wholeUpTo(messages: readonly Message[]): number {
  let seq = 0;
  for (const message of messages) {
    if (message.seq === seq + 1) seq = message.seq;
    else if (message.seq > seq + 1) break;
  }
  return seq;
}
