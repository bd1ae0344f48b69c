import type { AuthorType } from './chat.js';

/**
 * What a new message does to its conversation's `waitingSince` (when the oldest visitor message still
 * waiting for a person's answer was sent):
 * - `start`: a visitor wrote. The conversation waits from this message, unless it already waited:
 *   then the older time stays, so the inbox orders by who has waited longest.
 * - `clear`: an agent answered the visitor. An internal note is no answer.
 * - `keep`: the assistant, system lines and internal notes change nothing; a person still owes a reply.
 *
 * Storage applies it in SQL when it appends a message (one statement or a transaction alike); the console
 * applies `nextWaitingSince` to `message:new`. Its cases are `packages/protocol/test/waiting-since-cases.ts`.
 */
export type WaitingSinceChange = 'start' | 'clear' | 'keep';

/** The parts of a message (the wire `Message` has them) that decide the change. */
export interface WaitingSinceMessage {
  author: { type: AuthorType };
  internal?: boolean;
  /** ISO-8601 UTC; where a `start` begins. */
  createdAt: string;
}

export function waitingSinceChange(
  message: Pick<WaitingSinceMessage, 'author' | 'internal'>,
): WaitingSinceChange {
  if (message.author.type === 'visitor') return 'start';
  if (message.author.type === 'agent' && !message.internal) return 'clear';
  return 'keep';
}

/** A conversation's `waitingSince` after `message`, from the one before it. */
export function nextWaitingSince(current: string | null, message: WaitingSinceMessage): string | null {
  switch (waitingSinceChange(message)) {
    case 'start':
      return current ?? message.createdAt;
    case 'clear':
      return null;
    case 'keep':
      return current;
  }
}
