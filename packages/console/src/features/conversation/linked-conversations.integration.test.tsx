import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import {
  NAMESPACES,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mountForTest, submitLogin, type TestConsole } from '../../../test/dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';

// One conversation per payment (issue 15): the agent sees the same visitor's other conversations in the
// context panel, each a link that opens it.

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

const HOSTILE = '<img src=x onerror=alert(1)> why declined?';

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

async function connectVisitor(): Promise<VisitorSocket> {
  const socket: VisitorSocket = io(`${server.baseUrl}${NAMESPACES.visitor}`, {
    auth: { merchantKey: 'pk_demo' },
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

// A complaint goes straight to people: the assistant's answer does not become the last message.
async function askAbout(socket: VisitorSocket, reference: string, text: string): Promise<string> {
  const opened = await socket.timeout(5_000).emitWithAck('conversation:open', {
    topic: 'complaint',
    email: 'buyer@example.com',
    payment: { reference, email: 'buyer@example.com' },
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const id = opened.data.conversation.id;
  const sent = await socket
    .timeout(5_000)
    .emitWithAck('message:send', { conversationId: id, clientId: `linked-${reference}`, text });
  if (!sent.ok) throw new Error(sent.error.message);
  return id;
}

// Signing in, the inbox, the conversation and then its linked list: more than the default second under load.
const linkedSection = () => screen.findByRole('region', { name: 'Other conversations' }, { timeout: 10_000 });

describe('linked conversations against the real server', () => {
  it('lists the visitor’s other conversation by payment, as text, and opens it', async () => {
    visitor = await connectVisitor();
    const failed = await askAbout(visitor, 'demo-failed', 'why did it fail?');
    const declined = await askAbout(visitor, 'demo-declined', HOSTILE);
    expect(declined).not.toBe(failed);

    mounted = mountForTest(server.baseUrl);
    await submitLogin('agent@demo.test', DEMO_PASSWORD);
    await screen.findByRole('heading', { name: 'Conversations' }, { timeout: 10_000 });
    window.location.hash = `#/c/${failed}`;

    const section = await linkedSection();
    const link = await within(section).findByRole('link', { name: /Payment demo-declined/ });
    expect(link.getAttribute('href')).toBe(`#/c/${declined}`);
    // The visitor's words are shown as text, never as markup.
    await waitFor(() => expect(link.textContent).toContain(HOSTILE));
    expect(section.querySelector('img')).toBeNull();

    fireEvent.click(link);
    await waitFor(() => expect(window.location.hash).toBe(`#/c/${declined}`));
    await waitFor(async () =>
      expect(
        within(await linkedSection())
          .getByRole('link', { name: /Payment demo-failed/ })
          .getAttribute('href'),
      ).toBe(`#/c/${failed}`),
    );
  });

  it('shows no linked section for a visitor with one conversation', async () => {
    visitor = await connectVisitor();
    const only = await askAbout(visitor, 'demo-refunded', 'where is my refund?');
    mounted = mountForTest(server.baseUrl);
    await submitLogin('agent@demo.test', DEMO_PASSWORD);
    await screen.findByRole('heading', { name: 'Conversations' }, { timeout: 10_000 });
    window.location.hash = `#/c/${only}`;
    await screen.findByText('demo-refunded', {}, { timeout: 10_000 });
    await screen.findAllByText('where is my refund?');
    expect(screen.queryByRole('region', { name: 'Other conversations' })).toBeNull();
  });
});
