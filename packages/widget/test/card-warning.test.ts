import { signal } from '@preact/signals';
import { createSupportClient, type SupportClient } from '@topay-support/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { CARD_DATA_CASES, NOT_CARD_DATA } from '../../protocol/test/card-data-cases.js';
import { createChatRoom } from '../src/features/chat/room.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// The warning runs in the chat room model, where the composer's text goes: the same table the server
// redacts by (packages/protocol/test/card-data-cases.ts), so the two cannot disagree again. Each case is
// a new visitor with a conversation on the real server, so "sent" means the server stored it.
let server: SupportServer;
let client: SupportClient | undefined;

beforeAll(async () => {
  // One conversation and one message per case, all from this address: above the default hourly limits.
  server = await startSupportServer({
    env: { RATE_LIMIT_CONVERSATIONS_PER_HOUR: '1000', RATE_LIMIT_MESSAGES_PER_MINUTE: '1000' },
  });
  await server.agent.online();
}, 30_000);
afterAll(() => server.close());
afterEach(() => {
  client?.close();
  client = undefined;
  localStorage.clear();
});

async function openRoom() {
  client = createSupportClient({ merchantKey: 'pk_demo', serverUrl: server.url });
  const room = createChatRoom({
    backend: client,
    visible: signal(true),
    online: signal(true),
    assistant: signal(false),
    preChatForm: signal(false),
    identity: signal(undefined),
    context: () => ({}),
    emit: () => {},
  });
  room.start();
  await vi.waitFor(() => expect(room.phase.value.name).toBe('topics'));
  room.chooseTopic('payment');
  await vi.waitFor(() => expect(room.phase.value.name).toBe('conversation'));
  const id = room.snapshot.value?.id ?? '';
  /** What the server stored, once the room has nothing left to send. */
  const stored = async () => {
    await vi.waitFor(() => expect(room.snapshot.value?.pending).toEqual([]));
    return (await server.agent.messages(id)).filter((m) => m.author.type === 'visitor');
  };
  return { room, stored };
}

describe('the card-data warning before sending', () => {
  test.each(CARD_DATA_CASES)('holds back: $name', async (c) => {
    const { room, stored } = await openRoom();
    expect(room.send(c.input)).toBe(false);
    expect(room.cardWarning.value).toBe(c.input.trim());
    expect(await stored()).toEqual([]);
    // "Send anyway" sends it (the server redacts it then).
    room.confirmCardWarning();
    await vi.waitFor(() => expect(room.snapshot.value?.history).toHaveLength(1));
    expect(await stored()).toHaveLength(1);
    room.dispose();
  });

  test.each(NOT_CARD_DATA)('sends at once: $name', async ({ input }) => {
    const { room, stored } = await openRoom();
    expect(room.send(input)).toBe(true);
    expect(room.cardWarning.value).toBeUndefined();
    await vi.waitFor(() => expect(room.snapshot.value?.history).toHaveLength(1));
    expect((await stored()).map((m) => m.text)).toEqual([input]);
    room.dispose();
  });
});
