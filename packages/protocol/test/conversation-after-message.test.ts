import { describe, expect, test } from 'vitest';
import { agentConversationAfter, visitorConversationAfter } from '../src/index.js';
import { AFTER_MESSAGE_CASES, at, conversation, message } from './conversation-after-message-cases.js';

describe('agentConversationAfter', () => {
  test.each(AFTER_MESSAGE_CASES)('$name', (c) => {
    let view = conversation({ lastSeq: 0, agentReadSeq: c.agentReadSeq ?? 0, waitingSince: null });
    for (const spec of c.messages) view = agentConversationAfter(view, message(spec));
    expect(view.lastSeq).toBe(c.lastSeq);
    expect(view.unreadCount).toBe(c.unreadCount);
    expect(view.waitingSince).toBe(c.waitingSince === null ? null : at(c.waitingSince));
    expect(view.lastMessage?.seq).toBe(c.lastMessage);
    expect(view.updatedAt).toBe(at(c.lastMessage));
  });

  test('a message already counted returns the same object (nothing to re-render)', () => {
    const view = conversation({ lastSeq: 3, agentReadSeq: 0, waitingSince: null });
    expect(agentConversationAfter(view, message('v3'))).toBe(view);
  });
});

describe('visitorConversationAfter', () => {
  test('moves lastSeq forward only', () => {
    const view = {
      id: 'c',
      status: 'open' as const,
      topic: null,
      lastSeq: 4,
      agentReadSeq: 0,
      visitorReadSeq: 0,
      offline: false,
      createdAt: at(0),
      assistant: 'off' as const,
    };
    expect(visitorConversationAfter(view, message('a5')).lastSeq).toBe(5);
    expect(visitorConversationAfter(view, message('a3'))).toBe(view);
  });
});
