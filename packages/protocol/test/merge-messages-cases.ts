/**
 * The one table of message-merging cases (issue 12): the protocol's test runs it against `mergeMessages`,
 * the SDK's and the console's tests against the merge each of them calls. Messages are written as their seq
 * (`'n3'`: an internal note with seq 3; `{ seq, id }` when the id is what matters).
 */

import type { Message } from '../src/chat.js';

type Spec = number | `n${number}` | { seq: number; id: string; text?: string };

export function message(spec: Spec): Message {
  const internal = typeof spec === 'string';
  const seq = typeof spec === 'number' ? spec : internal ? Number(spec.slice(1)) : spec.seq;
  return {
    id: typeof spec === 'object' ? spec.id : `m${seq}`,
    clientId: `c${seq}`,
    seq,
    author: { type: internal ? 'agent' : 'visitor', id: 'a' },
    text: typeof spec === 'object' && spec.text !== undefined ? spec.text : `message ${seq}`,
    attachments: [],
    sources: [],
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    ...(internal ? { internal: true } : {}),
  };
}

export interface MergeCase {
  name: string;
  held: readonly Spec[];
  incoming: readonly Spec[];
  /** The seqs of the merged history, per reader. */
  agent: readonly number[];
  visitor: readonly number[];
  /** The texts of the merged history where which copy was kept matters. */
  texts?: readonly string[];
}

export const MERGE_CASES: readonly MergeCase[] = [
  { name: 'nothing held, a first page', held: [], incoming: [1, 2, 3], agent: [1, 2, 3], visitor: [1, 2, 3] },
  { name: 'nothing incoming', held: [1, 2], incoming: [], agent: [1, 2], visitor: [1, 2] },
  {
    name: 'a live message after the last one',
    held: [1, 2],
    incoming: [3],
    agent: [1, 2, 3],
    visitor: [1, 2, 3],
  },
  {
    name: 'the ack and the echo of one message',
    held: [1],
    incoming: [2, 2],
    agent: [1, 2],
    visitor: [1, 2],
  },
  {
    name: 'a sync that overlaps what is held',
    held: [1, 2, 3],
    incoming: [2, 3, 4, 5],
    agent: [1, 2, 3, 4, 5],
    visitor: [1, 2, 3, 4, 5],
  },
  {
    name: 'an older page arrives after a newer push',
    held: [5, 6],
    incoming: [3, 4, 1, 2],
    agent: [1, 2, 3, 4, 5, 6],
    visitor: [1, 2, 3, 4, 5, 6],
  },
  {
    name: 'a gap filled in the middle',
    held: [1, 2, 5],
    incoming: [4, 3],
    agent: [1, 2, 3, 4, 5],
    visitor: [1, 2, 3, 4, 5],
  },
  {
    name: 'an internal note: agents keep it, visitors never',
    held: [1],
    incoming: ['n2', 3],
    agent: [1, 2, 3],
    visitor: [1, 3],
  },
  {
    name: 'the copy already held is kept',
    held: [{ seq: 1, id: 'm1', text: 'held' }],
    incoming: [{ seq: 1, id: 'm1', text: 'again' }, 2],
    agent: [1, 2],
    visitor: [1, 2],
    texts: ['held', 'message 2'],
  },
  {
    name: 'one id at two seqs is one message',
    held: [{ seq: 1, id: 'same' }],
    incoming: [{ seq: 2, id: 'same' }, 3],
    agent: [1, 3],
    visitor: [1, 3],
  },
];
