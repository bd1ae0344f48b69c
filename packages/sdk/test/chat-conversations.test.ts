import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { hasActiveChat } from '../src/chat/storage.js';
import { createSupportClient, type SupportClient } from '../src/client/client.js';
import { SupportError } from '../src/client/errors.js';
import { memoryStorage } from './memory-storage.js';

// A visitor with several conversations (one per payment asked about): list, switch, and every message
// in the conversation it was written in, across switches and reloads.

let t: TestServer;
let agentToken: string;
const clients: SupportClient[] = [];

beforeAll(async () => {
  t = await startTestServer({ env: { RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR: '1000' } });
  agentToken = await loginDemoAgent(t.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => t.close());

function client(storage = memoryStorage()) {
  const c = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url, storage });
  clients.push(c);
  return c;
}

const EMAIL = 'buyer@example.com';
// Nobody is online in this server: a new conversation needs an email for the answer.
const about = (reference: string) =>
  ({ topic: 'payment', email: EMAIL, payment: { reference, email: EMAIL } }) as const;

async function storedTexts(conversationId: string): Promise<string[]> {
  const response = await fetch(`${t.url}/v1/agent/conversations/${conversationId}/messages?after=0`, {
    headers: { authorization: `Bearer ${agentToken}` },
  });
  const { messages } = (await response.json()) as { messages: Message[] };
  return messages.map((m) => m.text);
}

describe('client.chat with one conversation per payment', () => {
  it('opens one conversation per payment, lists them and switches between them', async () => {
    const c = client();
    const a = await c.chat.open(about('demo-failed'));
    const b = await c.chat.open(about('demo-declined'));
    expect(b.id).not.toBe(a.id);
    expect(a.payment).toEqual({ reference: 'demo-failed', status: 'failed' });
    expect(b.payment).toEqual({ reference: 'demo-declined', status: 'failed' });

    await a.send('about A');
    await b.send('about B');
    const list = await c.chat.list();
    expect(list.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(list.find((s) => s.id === a.id)).toMatchObject({
      payment: { reference: 'demo-failed' },
      lastMessage: { text: 'about A', authorType: 'visitor' },
      unreadCount: 0,
    });

    // Switching hands back the same live object; sending on it goes into its own conversation.
    const switched = await c.chat.switchTo(a.id);
    expect(switched).toBe(a);
    await switched.send('A again');
    expect(await storedTexts(a.id)).toEqual(['about A', 'A again']);
    expect(await storedTexts(b.id)).toEqual(['about B']);
    expect(await c.chat.current()).toBe(a);
  });

  it('remembers the conversation switched to across a reload', async () => {
    const storage = memoryStorage();
    const first = client(storage);
    const a = await first.chat.open(about('demo-expired'));
    const b = await first.chat.open(about('demo-pending'));
    await first.chat.switchTo(a.id);
    first.close();
    // The server's latest is B; this browser was looking at A.
    const again = await client(storage).chat.current();
    expect(again?.id).toBe(a.id);
    expect(again?.id).not.toBe(b.id);
  });

  it('sends messages queued in another conversation into that one after a reload', async () => {
    const storage = memoryStorage();
    const first = client(storage);
    const a = await first.chat.open(about('demo-disputed'));
    const b = await first.chat.open(about('demo-cancelled'));
    await b.send('about B');
    // What a page closed while offline leaves: a message queued in A, while B is the one on screen.
    storage.setItem(
      `topay-support:pk_demo:outbox:${a.id}`,
      JSON.stringify([
        { clientId: 'queued-in-a-1', text: 'queued in A', queuedAt: new Date().toISOString() },
      ]),
    );
    first.close();
    expect(hasActiveChat('pk_demo', storage)).toBe(true);

    const reloaded = client(storage);
    const shown = await reloaded.chat.current();
    expect(shown?.id).toBe(b.id);
    await expect.poll(() => storedTexts(a.id)).toEqual(['queued in A']);
    expect(await storedTexts(b.id)).toEqual(['about B']);
    await expect.poll(() => storage.getItem(`topay-support:pk_demo:outbox:${a.id}`)).toBeNull();
  });

  it('refuses to switch to a conversation that is not the visitor’s', async () => {
    const owner = client();
    const theirs = await owner.chat.open(about('demo-succeeded'));
    const stranger = client();
    const error = await stranger.chat.switchTo(theirs.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupportError);
    expect(error).toMatchObject({ code: 'not_found' });
    expect(await stranger.chat.list()).toEqual([]);
  });
});
