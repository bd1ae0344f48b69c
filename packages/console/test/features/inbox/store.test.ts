import { describe, expect, test } from 'vitest';
import {
  AFTER_MESSAGE_CASES,
  at,
  conversation,
  message,
} from '../../../../protocol/test/conversation-after-message-cases.js';
import { createConversationStore } from '../../../src/features/inbox/store.js';

// The same table as the protocol's and the server's (packages/protocol/test/conversation-after-message-cases.ts):
// the inbox row of a conversation follows its `message:new` pushes.
describe('the conversation store applies message pushes', () => {
  test.each(AFTER_MESSAGE_CASES)('$name', (c) => {
    const store = createConversationStore();
    store.upsert([conversation({ lastSeq: 0, agentReadSeq: c.agentReadSeq ?? 0, waitingSince: null })]);
    for (const spec of c.messages) expect(store.applyMessage('conversation-1', message(spec))).toBe(true);
    const row = store.get('conversation-1')!;
    expect(row.lastSeq).toBe(c.lastSeq);
    expect(row.unreadCount).toBe(c.unreadCount);
    expect(row.waitingSince).toBe(c.waitingSince === null ? null : at(c.waitingSince));
    expect(row.lastMessage?.seq).toBe(c.lastMessage);
  });

  test('a push for a conversation it does not hold asks the caller to fetch it', () => {
    expect(createConversationStore().applyMessage('unknown', message('v1'))).toBe(false);
  });

  test('a copy read before a message whose push already arrived keeps that message', () => {
    const store = createConversationStore();
    const before = conversation({ lastSeq: 1, agentReadSeq: 0, waitingSince: at(1) });
    store.upsert([{ ...before, unreadCount: 1 }]);
    store.applyMessage('conversation-1', message('v2'));
    // The list request left before message 2 was stored and answers after its push.
    store.upsert([{ ...before, unreadCount: 1, status: 'assigned' }]);
    const row = store.get('conversation-1')!;
    expect(row).toMatchObject({ status: 'assigned', lastSeq: 2, unreadCount: 2, waitingSince: at(1) });
    expect(row.lastMessage?.seq).toBe(2);
  });
});
