/**
 * The one table of what a message does to a conversation (protocol 2: clients derive it from
 * `message:new`). The protocol's test runs it against `agentConversationAfter`, the server's against
 * what it stores and serves, the console's against its inbox store. Messages are written as
 * `<author><seq>`: `v3` a visitor's message with seq 3, `a4` an agent's answer, `n5` an internal note,
 * `b6` the assistant, `s7` a system line.
 */
import type { AuthorType, Conversation, Message } from '../src/chat.js';

export type MessageSpec = `${'v' | 'a' | 'n' | 'b' | 's'}${number}`;

const AUTHORS: Record<string, AuthorType> = { v: 'visitor', a: 'agent', n: 'agent', b: 'bot', s: 'system' };

export function at(seq: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
}

export function message(spec: MessageSpec): Message {
  const seq = Number(spec.slice(1));
  const kind = spec[0]!;
  return {
    id: `m${seq}`,
    clientId: `c${seq}`,
    seq,
    author: { type: AUTHORS[kind]!, id: kind === 'v' ? 'visitor-1' : 'agent-1' },
    text: `message ${seq}`,
    attachments: [],
    sources: [],
    createdAt: at(seq),
    ...(kind === 'n' ? { internal: true } : {}),
  };
}

export function conversation(state: {
  lastSeq: number;
  agentReadSeq: number;
  waitingSince: string | null;
}): Conversation {
  return {
    id: 'conversation-1',
    status: 'open',
    topic: null,
    visitor: { id: 'visitor-1' },
    lastMessage: null,
    createdAt: at(0),
    updatedAt: at(state.lastSeq),
    flagged: false,
    offline: false,
    lastSeq: state.lastSeq,
    visitorReadSeq: 0,
    agentReadSeq: state.agentReadSeq,
    unreadCount: 0,
    waitingSince: state.waitingSince,
    context: {},
    resolvedAt: null,
    assistant: 'off',
  };
}

export interface AfterMessageCase {
  name: string;
  /** The messages, in the order the pushes arrive. */
  messages: readonly MessageSpec[];
  /** Where the agents had read up to before these messages. */
  agentReadSeq?: number;
  /** What the agents' view says after them. */
  lastSeq: number;
  unreadCount: number;
  /** The seq of the message whose time `waitingSince` is, or null. */
  waitingSince: number | null;
  /** The seq of `lastMessage`. */
  lastMessage: number;
}

export const AFTER_MESSAGE_CASES: readonly AfterMessageCase[] = [
  { name: 'a visitor asks', messages: ['v1'], lastSeq: 1, unreadCount: 1, waitingSince: 1, lastMessage: 1 },
  {
    name: 'a second question keeps the first wait',
    messages: ['v1', 'v2'],
    lastSeq: 2,
    unreadCount: 2,
    waitingSince: 1,
    lastMessage: 2,
  },
  {
    name: 'an answer ends the wait',
    messages: ['v1', 'v2', 'a3'],
    lastSeq: 3,
    unreadCount: 2,
    waitingSince: null,
    lastMessage: 3,
  },
  {
    name: 'a new question after an answer waits from itself',
    messages: ['v1', 'a2', 'v3'],
    lastSeq: 3,
    unreadCount: 2,
    waitingSince: 3,
    lastMessage: 3,
  },
  {
    name: 'an internal note is the last message but does not answer',
    messages: ['v1', 'n2'],
    lastSeq: 2,
    unreadCount: 1,
    waitingSince: 1,
    lastMessage: 2,
  },
  {
    name: 'the assistant does not end the wait',
    messages: ['v1', 'b2'],
    lastSeq: 2,
    unreadCount: 1,
    waitingSince: 1,
    lastMessage: 2,
  },
  {
    name: 'a system line changes nothing but the last message',
    messages: ['s1'],
    lastSeq: 1,
    unreadCount: 0,
    waitingSince: null,
    lastMessage: 1,
  },
  {
    name: 'messages the agents have read are not unread',
    messages: ['v1', 'v2', 'v3'],
    agentReadSeq: 2,
    lastSeq: 3,
    unreadCount: 1,
    waitingSince: 1,
    lastMessage: 3,
  },
  {
    name: 'a push that arrives twice counts once',
    messages: ['v1', 'v2', 'v2'],
    lastSeq: 2,
    unreadCount: 2,
    waitingSince: 1,
    lastMessage: 2,
  },
  {
    name: 'an older push after a newer one changes nothing',
    messages: ['v2', 'v1'],
    lastSeq: 2,
    unreadCount: 1,
    waitingSince: 2,
    lastMessage: 2,
  },
];
