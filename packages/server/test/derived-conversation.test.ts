import { agentConversationAfter, type Conversation } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AFTER_MESSAGE_CASES,
  type MessageSpec,
} from '../../protocol/test/conversation-after-message-cases.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, next, ok } from './sockets-helpers.js';

// Protocol 2 sends one `message:new` per message and no `conversation:updated`: the console derives
// the conversation from the push with `agentConversationAfter`. Here a real server and real sockets
// check that what an agent derives is what the server serves afterwards, for every case of the
// protocol's table a person can write (visitors, agents, internal notes).

let t: TestServer;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  token = await loginDemoAgent(t.url);
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

async function served(id: string): Promise<Conversation> {
  const response = await fetch(`${t.url}/v1/agent/conversations/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { conversation: Conversation }).conversation;
}

/** The fields a message changes; the rest comes from `conversation:updated` as before. */
function messageState(conversation: Conversation) {
  return {
    lastSeq: conversation.lastSeq,
    lastMessageId: conversation.lastMessage?.id,
    updatedAt: conversation.updatedAt,
    unreadCount: conversation.unreadCount,
    waitingSince: conversation.waitingSince,
  };
}

const writable = AFTER_MESSAGE_CASES.filter(
  // Pushes in seq order, written by a visitor or an agent (the assistant and system lines have their own tests).
  (c) =>
    c.messages.every((spec) => 'van'.includes(spec[0]!)) &&
    c.messages.every((spec, i) => i === 0 || Number(spec.slice(1)) > Number(c.messages[i - 1]!.slice(1))) &&
    c.agentReadSeq === undefined,
);

describe('an agent derives the conversation from message:new', () => {
  it.each(writable)('$name', async (c) => {
    const agent = await connectAgent(t.url, token);
    const { socket: visitor } = await connectVisitor(t.url);
    let derived: Conversation | undefined;
    const updates: Conversation[] = [];
    agent.on('conversation:updated', ({ conversation }) => {
      updates.push(conversation);
      derived = conversation;
    });
    agent.on('message:new', ({ message }) => {
      if (derived) derived = agentConversationAfter(derived, message);
    });
    const created = next(agent, 'conversation:updated');
    const { conversation } = ok(await visitor.emitWithAck('conversation:open', { topic: 'payment' }));
    await created;

    for (const spec of c.messages as readonly MessageSpec[]) {
      const pushed = next<{ message: { seq: number } }>(agent, 'message:new', ({ message }) => {
        return message.seq === Number(spec.slice(1));
      });
      const text = `case message ${spec}`;
      if (spec.startsWith('v')) {
        ok(
          await visitor.emitWithAck('message:send', {
            conversationId: conversation.id,
            clientId: clientId(),
            text,
          }),
        );
      } else {
        ok(
          await agent.emitWithAck('message:send', {
            conversationId: conversation.id,
            clientId: clientId(),
            text,
            internal: spec.startsWith('n'),
          }),
        );
      }
      await pushed;
    }

    const truth = await served(conversation.id);
    expect(truth.lastSeq).toBe(c.lastSeq);
    expect(truth.unreadCount).toBe(c.unreadCount);
    expect(truth.waitingSince === null).toBe(c.waitingSince === null);
    expect(messageState(derived!)).toEqual(messageState(truth));
    // One update when the conversation was created, one when an agent's answer claimed it; none per message.
    const claims = c.messages.some((spec) => spec.startsWith('a')) ? 1 : 0;
    expect(updates).toHaveLength(1 + claims);
  });
});
