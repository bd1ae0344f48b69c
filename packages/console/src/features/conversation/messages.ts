import type { Message } from '@topay-support/protocol';

/** The highest seq held, 0 when none: what to ask the server for "everything after". */
export function lastSeq(messages: readonly Message[]): number {
  return messages.at(-1)?.seq ?? 0;
}
