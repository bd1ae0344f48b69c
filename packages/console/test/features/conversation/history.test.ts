import { afterEach, describe, expect, test } from 'vitest';
import { MERGE_CASES, message } from '../../../../protocol/test/merge-messages-cases.js';
import { createAgentApi } from '../../../src/agent-api.js';
import { createRequester } from '../../../src/api.js';
import { createConversationModel } from '../../../src/features/conversation/model.js';
import { createOutbox } from '../../../src/features/conversation/outbox.js';
import { createConversationStore } from '../../../src/features/inbox/store.js';
import { createSocketTransport } from '../../../src/features/realtime/socket-transport.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** An open conversation that was never loaded: `receive` merges and nothing goes to a server. */
function conversationModel() {
  // Nothing listens on port 9: the socket never connects, and it is closed at the end.
  const transport = createSocketTransport({
    baseUrl: 'http://127.0.0.1:9',
    token: 't',
    onUnauthorized: () => {},
  });
  const outbox = createOutbox({ transport });
  const model = createConversationModel({
    id: 'c1',
    api: createAgentApi(createRequester('http://127.0.0.1:9'), 't'),
    transport,
    store: createConversationStore(),
    outbox,
  });
  cleanups.push(() => {
    model.dispose();
    outbox.dispose();
    transport.close();
  });
  return model;
}

// The same table as the protocol's and the SDK's (packages/protocol/test/merge-messages-cases.ts), one
// message at a time as pages, pushes and acks reach the console.
describe("the console's conversation history", () => {
  test.each(MERGE_CASES)('$name', (c) => {
    const model = conversationModel();
    for (const m of c.held) model.receive(message(m), false);
    const held = model.messages.value;
    for (const m of c.incoming) model.receive(message(m), false);
    expect(model.messages.value.map((m) => m.seq)).toEqual(c.agent);
    if (c.texts) expect(model.messages.value.map((m) => m.text)).toEqual(c.texts);
    if (c.agent.length === held.length) expect(model.messages.value).toBe(held);
  });
});
