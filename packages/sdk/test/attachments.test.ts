import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from '../../server/test/helpers.js';
import { createSupportClient, type SupportClient } from '../src/client/client.js';
import { SupportError } from '../src/client/errors.js';
import { memoryStorage } from './memory-storage.js';

// The same real 1×1 PNG the server's attachment tests use.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const OPEN = { topic: 'payment', email: 'buyer@example.com' } as const;

let t: TestServer;
let agentToken: string;
const clients: SupportClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  agentToken = await loginDemoAgent(t.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  vi.restoreAllMocks();
});
afterAll(() => t.close());

function client() {
  const c = createSupportClient({ merchantKey: 'pk_demo', serverUrl: t.url, storage: memoryStorage() });
  clients.push(c);
  return c;
}

const file = (bytes: Uint8Array<ArrayBuffer>, name: string, type = '') => new File([bytes], name, { type });

describe('attachments through the SDK against a real server', () => {
  it('uploads a PNG, sends it in a message the agent sees, and its absolute link serves the bytes', async () => {
    const conversation = await client().chat.open(OPEN);
    const attachment = await conversation.upload(file(PNG, '付款截图.png', 'image/png'));
    expect(attachment).toMatchObject({ name: '付款截图.png', contentType: 'image/png', size: PNG.length });
    expect(attachment.url.startsWith(`${t.url}/v1/attachments/${attachment.id}?`)).toBe(true);

    const message = await conversation.send('', { attachmentIds: [attachment.id] });
    expect(message.text).toBe('');
    expect(message.attachments).toEqual([attachment]);
    expect(conversation.history.at(-1)?.attachments[0]?.url).toBe(attachment.url);

    const response = await fetch(`${t.url}/v1/agent/conversations/${conversation.id}/messages?after=0`, {
      headers: { authorization: `Bearer ${agentToken}` },
    });
    const { messages } = (await response.json()) as { messages: Message[] };
    expect(messages.at(-1)?.attachments).toMatchObject([
      { id: attachment.id, name: '付款截图.png', contentType: 'image/png', size: PNG.length },
    ]);

    const served = await fetch(attachment.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('client.chat.upload works too; a file named .png holding HTML is refused by the server', async () => {
    const c = client();
    await c.chat.open(OPEN);
    const html = new TextEncoder().encode('<html><script>alert(document.cookie)</script></html>');
    // The declared type lies as well: only the content counts, and the server reads it.
    const refused = c.chat.upload(file(html, 'cute-cat.png', 'image/png'));
    await expect(refused).rejects.toBeInstanceOf(SupportError);
    await expect(refused).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
  });

  it('refuses an 11 MB file, an unsupported declared type and an empty file without a request', async () => {
    const conversation = await client().chat.open(OPEN);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const big = new Blob([PNG, new Uint8Array(11 * 1024 * 1024)], { type: 'image/png' });
    await expect(conversation.upload(big)).rejects.toMatchObject({ code: 'too_large' });
    await expect(conversation.upload(file(PNG, 'page.html', 'text/html'))).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(conversation.upload(new Blob([]))).rejects.toMatchObject({ code: 'invalid_request' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('an aborted upload rejects with network_error; more than the per-message limit is refused', async () => {
    const conversation = await client().chat.open(OPEN);
    const controller = new AbortController();
    controller.abort();
    await expect(
      conversation.upload(file(PNG, 'a.png', 'image/png'), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'network_error' });
    await expect(
      conversation.send('six', { attachmentIds: ['a', 'b', 'c', 'd', 'e', 'f'] }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(conversation.pending).toEqual([]);
  });
});
