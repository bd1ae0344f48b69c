import type { Message, VisitorConversation } from '@topay-support/protocol';
import { describe, expect, test } from 'vitest';
import { MERGE_CASES, message } from '../../protocol/test/merge-messages-cases.js';
import { Connection } from '../src/chat/connection.js';
import { LiveConversation } from '../src/chat/conversation.js';
import { createChatStore } from '../src/chat/storage.js';
import { memoryStorage } from './memory-storage.js';

const snapshot: VisitorConversation = {
  id: 'c1',
  status: 'open',
  topic: null,
  lastSeq: 0,
  agentReadSeq: 0,
  visitorReadSeq: 0,
  offline: false,
  createdAt: new Date(0).toISOString(),
  assistant: 'off',
};

/** A visitor's conversation whose connection is closed: a gap's sync fails at once and changes nothing. */
function conversationWith(held: readonly Message[]): LiveConversation {
  const connection = new Connection({
    serverUrl: 'http://127.0.0.1:9',
    auth: () => ({ merchantKey: 'pk_test' }),
    attach: () => {},
    onState: () => {},
    onReady: () => {},
    onRefused: () => {},
  });
  connection.close();
  return new LiveConversation(snapshot, held, {
    connection,
    store: createChatStore('pk_test', memoryStorage()),
    serverUrl: 'http://127.0.0.1:9',
    upload: () => Promise.reject(new Error('no uploads here')),
    transcript: () => Promise.reject(new Error('no transcript here')),
    onSnapshot: () => {},
  });
}

// The same table as the protocol's and the console's (packages/protocol/test/merge-messages-cases.ts),
// through the visitor's conversation: the history it keeps and the `message` events it announces.
describe("the visitor's conversation history", () => {
  test.each(MERGE_CASES)('$name', (c) => {
    const conversation = conversationWith(c.held.map(message));
    const held = conversation.history.map((m) => m.seq);
    const announced: number[] = [];
    conversation.on('message', (m) => announced.push(m.seq));
    conversation.receive(c.incoming.map(message));
    expect(conversation.history.map((m) => m.seq)).toEqual(c.visitor);
    if (c.texts) expect(conversation.history.map((m) => m.text)).toEqual(c.texts);
    expect(announced).toEqual(c.visitor.filter((seq) => !held.includes(seq)));
    conversation.detach();
  });
});
