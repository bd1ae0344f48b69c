import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mountForTest, submitLogin, type TestConsole } from '../../dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../server.js';
import { connectVisitorSocket, type VisitorSocket } from '../../team.js';

// The real 1×1 PNG of packages/server/test/attachments.test.ts: the server types uploads by content.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let server: TestServer;
let mounted: TestConsole | undefined;
let visitor: VisitorSocket | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
  visitor?.disconnect();
  visitor = undefined;
});

/** A visitor of the demo shop on a real `/visitor` socket (the server's own test helper). */
const connectVisitor = async () => (await connectVisitorSocket(server.baseUrl)).socket;

async function signIn(): Promise<TestConsole> {
  const app = mountForTest(server.baseUrl);
  await submitLogin('agent@demo.test', DEMO_PASSWORD);
  await screen.findByRole('heading', { name: 'Conversations' });
  await waitFor(() => expect(app.workspace.value?.transport.state.value).toBe('connected'), {
    timeout: 5_000,
  });
  return app;
}

describe('live chat against the real server', () => {
  it('shows a new visitor conversation live; the agent claims, replies (visitor receives it) and resolves', async () => {
    mounted = await signIn();

    visitor = await connectVisitor();
    const opened = await visitor.timeout(5_000).emitWithAck('conversation:open', { topic: 'payment' });
    if (!opened.ok) throw new Error(opened.error.message);
    const conversationId = opened.data.conversation.id;
    const received: Message[] = [];
    visitor.on('message:new', ({ message }) => received.push(message));
    const sent = await visitor.timeout(5_000).emitWithAck('message:send', {
      conversationId,
      clientId: 'visitor-msg-0001',
      text: 'My payment <img src=x onerror=alert(1)> failed',
    });
    expect(sent.ok).toBe(true);

    // The inbox shows it without a reload.
    const row = await screen.findByText(
      'My payment <img src=x onerror=alert(1)> failed',
      { selector: '.row__preview' },
      { timeout: 5_000 },
    );
    expect(mounted.root.querySelector('img')).toBeNull();
    fireEvent.click(row.closest('button') as HTMLButtonElement);

    fireEvent.click(await screen.findByRole('button', { name: 'Claim' }));
    await screen.findByText('Demo Agent', { selector: 'dd' }, { timeout: 5_000 });

    const box = await screen.findByLabelText('Reply to the visitor');
    fireEvent.input(box, { target: { value: 'Let me check that for you.' } });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('Let me check that for you.'));
    fireEvent.keyDown(box, { key: 'Enter' });

    await waitFor(
      () => expect(received.map((message) => message.text)).toContain('Let me check that for you.'),
      {
        timeout: 5_000,
      },
    );
    const reply = received.find((message) => message.text === 'Let me check that for you.');
    expect(reply?.author.type).toBe('agent');
    const list = within(document.querySelector('.messages') as HTMLElement);
    await waitFor(() => expect(list.getAllByText('Let me check that for you.')).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await screen.findByRole('button', { name: 'Reopen' }, { timeout: 5_000 });
    fireEvent.click(screen.getByRole('tab', { name: 'Resolved' }));
    await waitFor(() =>
      expect(document.querySelector('.rows')?.textContent).toContain('Let me check that for you.'),
    );
  });

  it('uploads a real PNG as the agent and sends it; the visitor receives the message with the file', async () => {
    mounted = await signIn();
    visitor = await connectVisitor();
    const opened = await visitor.timeout(5_000).emitWithAck('conversation:open', { topic: 'payment' });
    if (!opened.ok) throw new Error(opened.error.message);
    const conversationId = opened.data.conversation.id;
    const received: Message[] = [];
    visitor.on('message:new', ({ message }) => received.push(message));
    await visitor.timeout(5_000).emitWithAck('message:send', {
      conversationId,
      clientId: 'visitor-msg-0002',
      text: 'Which screenshot do you need?',
    });
    const row = await screen.findByText(
      'Which screenshot do you need?',
      { selector: '.row__preview' },
      { timeout: 5_000 },
    );
    fireEvent.click(row.closest('button') as HTMLButtonElement);
    const box = await screen.findByLabelText('Reply to the visitor');

    const png = Buffer.from(PNG_BASE64, 'base64');
    const input = document.querySelector<HTMLInputElement>('.composer input[type="file"]');
    if (!input) throw new Error('no file input');
    fireEvent.change(input, { target: { files: [new File([png], '付款截图.png', { type: 'image/png' })] } });
    const chips = await screen.findByRole('list', { name: 'Files to send' });
    await waitFor(() => expect(chips.textContent).not.toContain('Uploading…'), { timeout: 5_000 });
    expect(chips.textContent).not.toContain('Upload failed');
    // No text: an attachment alone is a message.
    fireEvent.keyDown(box, { key: 'Enter' });

    await waitFor(() => expect(received.some((message) => message.attachments.length > 0)).toBe(true), {
      timeout: 5_000,
    });
    const message = received.find((candidate) => candidate.attachments.length > 0);
    expect(message?.author.type).toBe('agent');
    expect(message?.text).toBe('');
    expect(message?.attachments).toEqual([
      expect.objectContaining({ name: '付款截图.png', contentType: 'image/png', size: png.length }),
    ]);

    // The console shows it as a thumbnail of the very bytes it uploaded.
    const list = within(document.querySelector('.messages') as HTMLElement);
    const image = await list.findByRole('img', { name: '付款截图.png' }, { timeout: 5_000 });
    const src = image.getAttribute('src') ?? '';
    expect(src.startsWith(`${server.baseUrl}/v1/attachments/`)).toBe(true);
    const file = await fetch(src);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
  });
});
