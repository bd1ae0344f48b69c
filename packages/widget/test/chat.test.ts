import { fireEvent, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { type Mounted, mountWidget } from './helpers.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// The chat view through the real SDK client against the real server, with the demo agent at the other end.
let server: SupportServer;
let current: Mounted | undefined;

beforeAll(async () => {
  server = await startSupportServer();
}, 30_000);
afterAll(() => server.close());
beforeEach(() => server.agent.online());
afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
  // A fresh visitor per test: the SDK keeps the visitor token there.
  localStorage.clear();
});

const LONG = { timeout: 5000 };

async function setup(locale: 'en' | 'zh-CN' = 'en') {
  current = await mountWidget(server.url, { locale });
  return current;
}

const eventsOf = (m: Mounted, name: string) => m.events.filter((e) => e.event === name).map((e) => e.args);
const conversationId = (m: Mounted) =>
  (eventsOf(m, 'chatStarted')[0]?.[0] as { conversationId: string } | undefined)?.conversationId ?? '';

/** startChat, then the payment topic: resolves with the new conversation's id once it is open. */
async function openChat(m: Mounted, text?: string) {
  await m.run((c) => c.startChat(text));
  fireEvent.click(await m.ui.findByRole('button', { name: 'A payment problem' }, LONG));
  await waitFor(() => expect(conversationId(m)).not.toBe(''));
  await m.ui.findByRole('textbox', { name: 'Message' }, LONG);
  return conversationId(m);
}

describe('chat view', () => {
  test('startChat with no conversation asks for a topic, then opens one and sends the first message', async () => {
    const m = await setup();
    await m.run((c) => c.startChat('My payment failed'));
    expect(await m.ui.findByText('What can we help you with?', {}, LONG)).toBeTruthy();
    expect(m.ui.getByText(/We’ll send your message once you pick a topic/)).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: 'A payment problem' }));
    await waitFor(() => expect(eventsOf(m, 'chatStarted')).toHaveLength(1), LONG);
    const id = conversationId(m);
    const list = m.ui.getByRole('list', { name: 'Conversation' });
    await waitFor(() => expect(list.textContent).toContain('Sent'), LONG);
    expect(list.textContent).toContain('My payment failed');
    // What the agent sees: the topic, the page's locale, and the message.
    expect(await server.agent.conversation(id)).toMatchObject({
      topic: 'payment',
      context: { locale: 'en' },
    });
    expect((await server.agent.messages(id)).map((message) => message.text)).toEqual(['My payment failed']);
  });

  test('topics read naturally in Chinese', async () => {
    const m = await setup('zh-CN');
    await m.run((c) => c.startChat());
    await m.ui.findByRole('button', { name: '支付问题' }, LONG);
    const labels = Array.from(m.shadow.querySelectorAll('.topic'), (b) => b.textContent);
    expect(labels).toEqual(['支付问题', '账户问题', '退款', '投诉', '意见建议', '其他问题']);
  });

  test('agent messages: shown as text (never HTML), http(s) links only, announced, emitted, counted while closed', async () => {
    const m = await setup();
    const id = await openChat(m);
    const sent = await server.agent.reply(
      id,
      '<img src=x onerror=alert(1)> see https://help.example.com/refunds and javascript:alert(1)',
    );
    const list = m.ui.getByRole('list', { name: 'Conversation' });
    await waitFor(() => expect(list.textContent).toContain('<img src=x onerror=alert(1)>'), LONG);
    expect(list.querySelector('img')).toBeNull();
    const links = list.querySelectorAll('a');
    expect(Array.from(links, (a) => [a.getAttribute('href'), a.rel, a.target])).toEqual([
      ['https://help.example.com/refunds', 'noopener noreferrer nofollow', '_blank'],
    ]);
    // The demo agent took the conversation when it opened.
    expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('Demo Agent');
    expect(m.shadow.querySelector('[aria-live="polite"]')?.textContent).toContain('Demo Agent: <img');
    expect(eventsOf(m, 'message')).toEqual([
      [
        {
          conversationId: id,
          id: sent.id,
          seq: sent.seq,
          text: expect.stringContaining('<img'),
          author: { type: 'agent', name: 'Demo Agent' },
          createdAt: sent.createdAt,
        },
      ],
    ]);
    // Read while the panel shows it, as the server now knows: no badge.
    await waitFor(async () => expect((await server.agent.conversation(id)).visitorReadSeq).toBe(sent.seq));

    await m.run((c) => c.close());
    await server.agent.reply(id, 'Are you still there?');
    await server.agent.reply(id, 'Hello?');
    await waitFor(() => expect(m.shadow.querySelector('.badge')?.textContent).toBe('2'), LONG);
    expect(eventsOf(m, 'unreadCountChange').at(-1)).toEqual([2]);
    await m.run((c) => c.startChat());
    await waitFor(() => expect(eventsOf(m, 'unreadCountChange').at(-1)).toEqual([0]), LONG);
  });

  test('a message that looks like card data is held back until the visitor chooses', async () => {
    const m = await setup();
    const id = await openChat(m);
    const box = m.ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    box.value = 'card 4111 1111 1111 1111 failed';
    fireEvent.input(box);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect((await m.ui.findByRole('alert')).textContent).toContain('This looks like card details');
    fireEvent.click(m.ui.getByRole('button', { name: 'Edit message' }));
    await waitFor(() => expect(m.ui.queryByRole('alert')).toBeNull());
    expect(box.value).toBe('card 4111 1111 1111 1111 failed');
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.click(await m.ui.findByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(box.value).toBe(''));
    // Sent as the visitor chose; the server keeps it without the card number.
    const stored = await waitFor(async () => {
      const messages = await server.agent.messages(id);
      expect(messages).toHaveLength(1);
      return messages;
    }, LONG);
    expect(stored[0]?.text).toMatch(/^card .+ failed$/);
    expect(stored[0]?.text).not.toContain('1111');
    // Shift+Enter is a newline, not a send.
    box.value = 'line one';
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(box.value).toBe('line one');
    expect(m.shadow.querySelectorAll('li.msg')).toHaveLength(1);
  });

  test('when resolved: chatEnded, a rating, the transcript and a way to start again', async () => {
    const m = await setup();
    const id = await openChat(m);
    await server.agent.resolve(id);
    await waitFor(() => expect(eventsOf(m, 'chatEnded')).toEqual([[{ conversationId: id }]]), LONG);
    await waitFor(() => expect(m.ui.queryByRole('textbox', { name: 'Message' })).toBeNull());
    fireEvent.click(m.ui.getByRole('button', { name: '4 out of 5' }));
    fireEvent.click(await m.ui.findByRole('button', { name: 'Send rating' }));
    expect(await m.ui.findByText('Thanks for your feedback!', {}, LONG)).toBeTruthy();
    expect((await server.agent.conversation(id)).rating).toMatchObject({ score: 4 });
    expect(m.ui.getByRole('button', { name: 'Download transcript' })).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: 'Start a new conversation' }));
    expect(await m.ui.findByText('What can we help you with?')).toBeTruthy();
  });

  test('nobody online: an honest offline form that needs an email', async () => {
    await server.agent.offline();
    const m = await setup();
    await m.run((c) => c.startChat('Where is my refund?'));
    fireEvent.click(await m.ui.findByRole('button', { name: 'A refund' }, LONG));
    expect(await m.ui.findByText('Nobody is online right now')).toBeTruthy();
    const message = m.ui.getByRole('textbox', { name: 'Your message' }) as HTMLTextAreaElement;
    expect(message.value).toBe('Where is my refund?');
    const email = m.ui.getByRole('textbox', { name: 'Email' }) as HTMLInputElement;
    email.value = 'not-an-email';
    fireEvent.submit(email.form as HTMLFormElement);
    expect(await m.ui.findByText('Enter a valid email address.')).toBeTruthy();
    expect(eventsOf(m, 'chatStarted')).toEqual([]);
    email.value = 'buyer@example.com';
    fireEvent.submit(email.form as HTMLFormElement);
    await waitFor(() => expect(eventsOf(m, 'chatStarted')).toHaveLength(1), LONG);
    const id = conversationId(m);
    expect(await server.agent.conversation(id)).toMatchObject({
      topic: 'refund',
      offline: true,
      visitor: { email: 'buyer@example.com' },
    });
    await waitFor(
      async () =>
        expect((await server.agent.messages(id)).map((m) => m.text)).toEqual(['Where is my refund?']),
      LONG,
    );
  });

  test('identify chats as the verified user, logout as a new anonymous visitor', async () => {
    const m = await setup();
    await m.run((c) => c.identify({ userId: 'demo-user-1', userHash: server.userHash('demo-user-1') }));
    const id = await openChat(m);
    expect((await server.agent.conversation(id)).visitor).toMatchObject({ userId: 'demo-user-1' });
    await m.run((c) => c.logout());
    // The anonymous visitor has no conversation: the chat starts over at the topics.
    expect(await m.ui.findByText('What can we help you with?', {}, LONG)).toBeTruthy();
    expect(eventsOf(m, 'error')).toEqual([]);
  });

  test('a rejected identity reports identity_rejected and chats anonymously', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const m = await setup();
    await m.run((c) => c.identify({ userId: 'demo-user-1', userHash: 'a'.repeat(64) }));
    const id = await openChat(m);
    expect(eventsOf(m, 'error')).toEqual([[{ code: 'identity_rejected', message: expect.any(String) }]]);
    expect((await server.agent.conversation(id)).visitor.userId).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('identity_rejected'));
    warn.mockRestore();
  });
});
