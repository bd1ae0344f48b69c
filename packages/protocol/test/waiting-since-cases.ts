/**
 * The one table of how a message changes its conversation's `waitingSince`. The protocol's test checks the
 * rule; the storage contract (SQLite and Postgres) appends every row as a real message and compares what
 * the database stored.
 */
import type { AuthorType } from '../src/index.js';

export interface WaitingSinceCase {
  name: string;
  author: AuthorType;
  internal: boolean;
  /** Whether the conversation already waits (since an earlier visitor message) when the message arrives. */
  waiting: boolean;
  /** `earlier`: it still waits from the earlier time; `this`: it waits from this message; null: nobody waits. */
  expected: 'earlier' | 'this' | null;
}

export const WAITING_SINCE_CASES: readonly WaitingSinceCase[] = [
  { name: 'a visitor starts the wait', author: 'visitor', internal: false, waiting: false, expected: 'this' },
  {
    name: 'a visitor writing again keeps the older time',
    author: 'visitor',
    internal: false,
    waiting: true,
    expected: 'earlier',
  },
  { name: 'an agent’s reply ends the wait', author: 'agent', internal: false, waiting: true, expected: null },
  {
    name: 'an agent writing first starts none',
    author: 'agent',
    internal: false,
    waiting: false,
    expected: null,
  },
  {
    name: 'an internal note is no answer',
    author: 'agent',
    internal: true,
    waiting: true,
    expected: 'earlier',
  },
  {
    name: 'an internal note starts no wait',
    author: 'agent',
    internal: true,
    waiting: false,
    expected: null,
  },
  {
    name: 'the assistant’s reply is no person’s answer',
    author: 'bot',
    internal: false,
    waiting: true,
    expected: 'earlier',
  },
  {
    name: 'the assistant writing first starts none',
    author: 'bot',
    internal: false,
    waiting: false,
    expected: null,
  },
  {
    name: 'a system line changes nothing',
    author: 'system',
    internal: false,
    waiting: true,
    expected: 'earlier',
  },
  { name: 'a system line starts no wait', author: 'system', internal: false, waiting: false, expected: null },
];
