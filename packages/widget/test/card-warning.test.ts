import { signal } from '@preact/signals';
import { describe, expect, test, vi } from 'vitest';
import { CARD_DATA_CASES, NOT_CARD_DATA } from '../../protocol/test/card-data-cases.js';
import { createChatRoom } from '../src/features/chat/room.js';
import { FakeConversation, fakeClient } from './fake-chat.js';

// The warning runs in the chat room model, where the composer's text goes: the same table the server
// redacts by (packages/protocol/test/card-data-cases.ts), so the two cannot disagree again.
async function openRoom() {
  const conversation = new FakeConversation('c1');
  const { client } = fakeClient(conversation);
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
  await vi.waitFor(() => expect(room.phase.value.name).toBe('conversation'));
  return { room, conversation };
}

describe('the card-data warning before sending', () => {
  test.each(CARD_DATA_CASES)('holds back: $name', async (c) => {
    const { room, conversation } = await openRoom();
    expect(room.send(c.input)).toBe(false);
    expect(room.cardWarning.value).toBe(c.input.trim());
    expect(conversation.sent).toEqual([]);
    // "Send anyway" sends it (the server redacts it then).
    room.confirmCardWarning();
    expect(conversation.sent).toEqual([c.input.trim()]);
    room.dispose();
  });

  test.each(NOT_CARD_DATA)('sends at once: $name', async ({ input }) => {
    const { room, conversation } = await openRoom();
    expect(room.send(input)).toBe(true);
    expect(room.cardWarning.value).toBeUndefined();
    expect(conversation.sent).toEqual([input]);
    room.dispose();
  });
});
