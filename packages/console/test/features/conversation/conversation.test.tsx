import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessageItem } from '../../../src/features/conversation/message-item.js';
import { createLocaleModel } from '../../../src/features/locale/model.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { addAgent, createTeam, disconnectAll, startVisitorChat } from '../../team.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

let server: TestServer;
let mounted: TestConsole | undefined;

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
  disconnectAll();
  vi.useRealTimers();
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function openConversation(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) }));
  return screen.findByRole('heading', { level: 2, name });
}

/** The open conversation's message list, where queries must not also match the inbox row's preview. */
const messages = () => within(document.querySelector('.messages') as HTMLElement);

/**
 * The header's actions ignore clicks while one runs; the socket can show its result before the HTTP
 * answer ends it, so a test waits for the header to be idle before the next click, as a person would.
 */
const idle = () =>
  waitFor(() => expect(document.querySelector('.conversation-header [aria-busy="true"]')).toBeNull());

async function type(box: HTMLElement, text: string) {
  fireEvent.input(box, { target: { value: text } });
  await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(text));
}

describe('conversation view', () => {
  it('renders hostile visitor names and messages as text, and links only http(s) URLs', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: HOSTILE });
    await chat.send(HOSTILE);
    await chat.send('see https://example.com/pay?x=1. or javascript:alert(1)');
    await openConversation(HOSTILE);
    await messages().findByText(/^see /);
    expect(screen.getAllByText(HOSTILE).length).toBeGreaterThanOrEqual(3);
    expect(mounted.root.querySelector('img')).toBeNull();
    const links = messages().getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com/pay?x=1']);
    expect(links[0]?.getAttribute('rel')).toContain('noopener');
  });

  it('sends an internal note in a different style, stored internal and never shown to the visitor', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana' });
    await chat.send('Hello');
    const typing: boolean[] = [];
    chat.socket.on('typing', (event) => typing.push(event.typing));
    await openConversation('Ana');
    fireEvent.click(screen.getByLabelText('Internal note'));
    const box = await screen.findByLabelText('Internal note (agents only)');
    expect(box.closest('form')?.classList.contains('composer--note')).toBe(true);
    await type(box, 'Customer seems upset, be gentle');
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(async () => {
      const stored = await server.storage.messages.listAfter(chat.conversation.id, 0, 10, true);
      expect(stored.map((message) => [message.text, message.internal])).toEqual([
        ['Hello', false],
        ['Customer seems upset, be gentle', true],
      ]);
    });
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    const item = messages().getByText('Customer seems upset, be gentle').closest('li');
    expect(item?.classList.contains('message--note')).toBe(true);
    expect(item?.textContent).toContain('Internal note');
    // A round trip on the visitor's socket: anything relayed before it has arrived by now.
    await chat.socket.timeout(5_000).emitWithAck('messages:sync', {
      conversationId: chat.conversation.id,
      afterSeq: 0,
    });
    expect(chat.received.map((message) => message.text)).not.toContain('Customer seems upset, be gentle');
    // Writing a note never tells the visitor someone is typing …
    expect(typing).toEqual([]);
    // … while writing a reply does.
    fireEvent.click(screen.getByLabelText('Internal note'));
    await type(await screen.findByLabelText('Reply to the visitor'), 'Let me look');
    await waitFor(() => expect(typing).toContain(true));
  });

  it('shows redaction, day separators and the read-by-visitor marker', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana' });
    // The server stamps messages with its own clock, which runs in this process: the first message
    // is written "yesterday" so the list has two days.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - 86_400_000 });
    await chat.send('my card is 4242 4242 4242 4242');
    vi.useRealTimers();
    await openConversation('Ana');
    expect(await screen.findByText('Card details were removed from this message.')).toBeTruthy();
    expect(mounted.root.textContent).not.toContain('4242 4242');

    const box = await screen.findByLabelText('Reply to the visitor');
    await type(box, 'On it');
    fireEvent.keyDown(box, { key: 'Enter' });
    const reply = await waitFor(() => {
      const found = chat.received.find((message) => message.text === 'On it');
      if (!found) throw new Error('the visitor has not received the reply yet');
      return found;
    });
    expect(messages().getByText('On it').closest('li')?.textContent).not.toContain('Read by visitor');
    chat.socket.emit('conversation:read', { conversationId: chat.conversation.id, seq: reply.seq });
    await waitFor(() =>
      expect(messages().getByText('On it').closest('li')?.textContent).toContain('Read by visitor'),
    );
    expect(mounted.root.querySelectorAll('.messages__day')).toHaveLength(2);
  });

  it('shows live messages, announces visitor ones and shows the visitor typing', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana' });
    await chat.send('Hello');
    await openConversation('Ana');
    await messages().findByText('Hello');
    chat.socket.emit('typing', { conversationId: chat.conversation.id, typing: true });
    expect(await screen.findByText('Visitor is typing…')).toBeTruthy();
    await chat.send('Are you there?');
    await messages().findByText('Are you there?');
    expect(mounted.root.querySelector('[aria-live="polite"]')?.textContent).toBe(
      'New message from Ana: Are you there?',
    );
    // The message ends the typing it came from.
    expect(screen.queryByText('Visitor is typing…')).toBeNull();
  });

  it('claims, transfers and resolves from the header', async () => {
    const team = await createTeam(server);
    const colleague = await addAgent(server, team);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana' });
    await chat.send('Hello');
    await openConversation('Ana');
    fireEvent.click(screen.getByRole('button', { name: 'Claim' }));
    expect(await screen.findByText(team.me.agent.name, { selector: 'dd' })).toBeTruthy();
    await idle();
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    const picker = await screen.findByLabelText('Transfer to');
    fireEvent.change(picker, { target: { value: colleague.agent.id } });
    fireEvent.submit(picker.closest('form') as HTMLFormElement);
    expect(await screen.findByText(colleague.agent.name, { selector: 'dd' })).toBeTruthy();
    expect((await server.storage.conversations.findById(chat.conversation.id))?.assigneeId).toBe(
      colleague.agent.id,
    );
    await idle();
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await screen.findByRole('button', { name: 'Reopen' });
    expect(screen.getByText('This conversation is resolved. Reopen it to reply.')).toBeTruthy();
    expect((await server.storage.conversations.findById(chat.conversation.id))?.status).toBe('resolved');
  });

  it('shows the refusal when the agent picked for a transfer can no longer take conversations', async () => {
    const team = await createTeam(server);
    const colleague = await addAgent(server, team);
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana' });
    await chat.send('Hello');
    await openConversation('Ana');
    fireEvent.click(screen.getByRole('button', { name: 'Claim' }));
    await screen.findByText(team.me.agent.name, { selector: 'dd' });
    await idle();
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    const picker = await screen.findByLabelText('Transfer to');
    // An admin disables the colleague while the picker is open.
    await server.storage.agents.setDisabled(colleague.agent.id, true);
    fireEvent.change(picker, { target: { value: colleague.agent.id } });
    fireEvent.submit(picker.closest('form') as HTMLFormElement);
    expect(await screen.findByText('That didn’t work. Try again.')).toBeTruthy();
    expect(screen.getByText(team.me.agent.name, { selector: 'dd' })).toBeTruthy();
    expect((await server.storage.conversations.findById(chat.conversation.id))?.assigneeId).toBe(
      team.me.agent.id,
    );
  });

  it('inserts a canned reply picked with / and the keyboard, without sending it', async () => {
    const team = await createTeam(server);
    await server.storage.cannedReplies.create(
      team.merchant.id,
      'refund-time',
      'Refunds take 3–5 business days.',
    );
    await server.storage.cannedReplies.create(team.merchant.id, 'hello', 'Hi! How can I help?');
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana' });
    await chat.send('Hello');
    await openConversation('Ana');
    const box = screen.getByLabelText('Reply to the visitor');
    fireEvent.input(box, { target: { value: '/ref' } });
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      '/refund-timeRefunds take 3–5 business days.',
    ]);
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('Refunds take 3–5 business days.'));
    const stored = await server.storage.messages.listAfter(chat.conversation.id, 0, 10, true);
    expect(stored.map((message) => message.text)).toEqual(['Hello']);
  });

  it('shows the visitor context, the payment card and, once rated, the rating', async () => {
    const team = await createTeam(server);
    await server.storage.demoPayments.upsert({
      merchantId: team.merchant.id,
      reference: 'order-1001',
      email: 'ana@example.com',
      userId: 'user-1',
      status: 'failed',
      reason: 'insufficient_funds',
      amountMinor: 12_345,
      currency: 'CNY',
      cardBrand: 'visa',
      cardLast4: '4242',
      events: [],
      createdAt: '2024-05-01T08:00:00Z',
    });
    mounted = await mountSignedIn(server, team.me);
    const chat = await startVisitorChat(server, team, {
      identity: { userId: 'user-1', name: 'Ana', email: 'ana@example.com' },
      payment: { reference: 'order-1001' },
      context: {
        pageUrl: 'https://shop.example/checkout',
        locale: 'zh-CN',
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      },
    });
    await chat.send('Why did it fail?');
    await openConversation('Ana');
    const context = screen.getByRole('complementary');
    expect(within(context).getByRole('link').getAttribute('href')).toBe('https://shop.example/checkout');
    expect(context.textContent).toContain('ana@example.com');
    expect(context.textContent).toContain('Chrome 126 · Windows');
    expect(context.textContent).toContain('CN¥123.45');
    expect(context.textContent).toContain('Insufficient funds');
    expect(context.textContent).toContain('VISA •••• 4242');

    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await screen.findByRole('button', { name: 'Reopen' });
    await chat.socket
      .timeout(5_000)
      .emitWithAck('conversation:rate', { conversationId: chat.conversation.id, score: 5, comment: 'great' });
    await waitFor(() => expect(screen.getByRole('complementary').textContent).toContain('5 / 5'));
  });
});

describe('a message', () => {
  it('from the system is styled as such and named "System"', () => {
    const message: Message = {
      id: 'm1',
      seq: 1,
      clientId: 'c1',
      author: { type: 'system', id: 'system' },
      text: 'Mei joined',
      attachments: [],
      sources: [],
      createdAt: new Date().toISOString(),
    };
    const locale = createLocaleModel('en', undefined);
    const { container } = render(
      <ul>
        <MessageItem
          message={message}
          t={locale.t.value}
          locale="en"
          readMarker={false}
          visitorName="Ana"
          resolveUrl={() => undefined}
        />
      </ul>,
    );
    const item = container.querySelector('li');
    expect(item?.classList.contains('message--system')).toBe(true);
    expect(item?.querySelector('.message__author')?.textContent).toBe('System');
    expect(item?.textContent).toContain('Mei joined');
  });
});
