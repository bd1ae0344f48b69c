import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../../../../server/test/agent-accounts.js';
import { createAgentApi } from '../../../src/agent-api.js';
import { createRequester } from '../../../src/api.js';
import { createConversationModel } from '../../../src/features/conversation/model.js';
import { createOutbox } from '../../../src/features/conversation/outbox.js';
import { createConversationStore } from '../../../src/features/inbox/store.js';
import { createSocketTransport } from '../../../src/features/realtime/socket-transport.js';
import { startTestServer, type TestServer } from '../../server.js';
import { createTeam, disconnectAll, startVisitorChat } from '../../team.js';

// A push can be lost (a node dies between storing a message and relaying it) while the agent's own
// reply, stored after it, is acknowledged: the console then holds seq n+2 without n+1. Catching up
// must ask for everything after the last seq it holds without a hole, not after the newest one.

let server: TestServer;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  disconnectAll();
});
afterAll(async () => {
  await server.close();
});

describe('catching up after a lost push', () => {
  it('fetches the visitor message that the ack of a later reply overtook', async () => {
    const team = await createTeam(server);
    const session = await login(server.baseUrl, { email: team.me.email, password: team.me.password });
    const { token } = session.body;
    const transport = createSocketTransport({ baseUrl: server.baseUrl, token, onUnauthorized: () => {} });
    const outbox = createOutbox({ transport });
    const visitor = await startVisitorChat(server, team, { email: 'ana@example.com' });
    await visitor.send('first question');
    // The model hears no pushes here (nothing wires the transport's events to it): only what it is
    // given and what it fetches, so the visitor's next message is a push it missed.
    const model = createConversationModel({
      id: visitor.conversation.id,
      api: createAgentApi(createRequester(server.baseUrl), token),
      transport,
      store: createConversationStore(),
      outbox,
    });
    cleanups.push(() => {
      model.dispose();
      outbox.dispose();
      transport.close();
    });
    await model.load();
    expect(model.messages.value.map((m) => m.text)).toEqual(['first question']);

    const missed = await visitor.send('second question, whose push was lost');
    const reply = await call<{ message: Parameters<typeof model.receive>[0] }>(
      server.baseUrl,
      'POST',
      `/v1/agent/conversations/${visitor.conversation.id}/messages`,
      { token, body: { clientId: 'console-reply-0001', text: 'an answer' } },
    );
    expect(reply.status).toBe(201);
    // The reply's ack reaches the console (as the outbox's onStored would hand it over).
    model.receive(reply.body.message, false);
    await model.sync();

    expect(model.messages.value.map((m) => m.seq)).toEqual([1, missed.seq, missed.seq + 1]);
    expect(model.messages.value.map((m) => m.text)).toEqual([
      'first question',
      'second question, whose push was lost',
      'an answer',
    ]);
  });
});
