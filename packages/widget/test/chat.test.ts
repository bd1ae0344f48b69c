import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FakeConversation, fakeClient } from './fake-chat.js';
import { demoConfig, type Mounted, mount } from './helpers.js';

let current: Mounted | undefined;
afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
});

async function setup(conversation: FakeConversation | null = null, config = demoConfig()) {
  const fake = fakeClient(conversation);
  current = await mount({ locale: 'en' }, config, fake.client);
  return { m: current, ...fake };
}

/** Lets the lazy chunk import (real module loading), the fake's promises and Preact's renders settle. */
async function settle(m: Mounted) {
  await vi.waitFor(() => expect(m.shadow.querySelector('.chat-body')).toBeTruthy(), { timeout: 5000 });
  for (let i = 0; i < 5; i++) await m.flush();
}

const eventsOf = (m: Mounted, name: string) => m.events.filter((e) => e.event === name).map((e) => e.args);

describe('chat view', () => {
  test('startChat with no conversation asks for a topic, then opens one and sends the first message', async () => {
    const { m, state } = await setup();
    await m.run((c) => c.startChat('My payment failed'));
    await settle(m);
    expect(m.ui.getByText('What can we help you with?')).toBeTruthy();
    expect(m.ui.getByText(/We’ll send your message once you pick a topic/)).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: 'A payment problem' }));
    await settle(m);
    expect(state.opened[0]).toMatchObject({ topic: 'payment', context: { locale: 'en' } });
    expect(state.current?.sent).toEqual(['My payment failed']);
    expect(eventsOf(m, 'chatStarted')).toEqual([[{ conversationId: 'conv-1' }]]);
    const list = m.ui.getByRole('list', { name: 'Conversation' });
    expect(list.textContent).toContain('My payment failed');
    expect(list.textContent).toContain('Sent');
  });

  test('topics read naturally in Chinese', async () => {
    const fake = fakeClient();
    current = await mount({ locale: 'zh-CN' }, demoConfig(), fake.client);
    await current.run((c) => c.startChat());
    await settle(current);
    const labels = Array.from(current.shadow.querySelectorAll('.topic'), (b) => b.textContent);
    expect(labels).toEqual(['支付问题', '账户问题', '退款', '投诉', '意见建议', '其他问题']);
  });

  test('agent messages: shown as text (never HTML), http(s) links only, announced, emitted, counted while closed', async () => {
    const conversation = new FakeConversation('c1');
    const { m } = await setup(conversation);
    await m.run((c) => c.startChat());
    await settle(m);
    conversation.update({ assignee: { name: '小王' } });
    conversation.push(
      { type: 'agent', id: 'a1', name: '小王' },
      '<img src=x onerror=alert(1)> see https://help.example.com/refunds and javascript:alert(1)',
    );
    await settle(m);
    const list = m.ui.getByRole('list', { name: 'Conversation' });
    expect(list.querySelector('img')).toBeNull();
    expect(list.textContent).toContain('<img src=x onerror=alert(1)>');
    const links = list.querySelectorAll('a');
    expect(Array.from(links, (a) => [a.getAttribute('href'), a.rel, a.target])).toEqual([
      ['https://help.example.com/refunds', 'noopener noreferrer nofollow', '_blank'],
    ]);
    expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('小王');
    expect(m.shadow.querySelector('[aria-live="polite"]')?.textContent).toContain('小王: <img');
    expect(eventsOf(m, 'message')).toEqual([
      [
        {
          conversationId: 'c1',
          id: 'm1',
          seq: 1,
          text: expect.stringContaining('<img'),
          author: { type: 'agent', name: '小王' },
          createdAt: expect.any(String),
        },
      ],
    ]);
    // Read while the panel shows it: no badge.
    expect(conversation.visitorReadSeq).toBe(1);

    await m.run((c) => c.close());
    conversation.push({ type: 'agent', id: 'a1', name: '小王' }, 'Are you still there?');
    conversation.push({ type: 'agent', id: 'a1', name: '小王' }, 'Hello?');
    await m.flush();
    expect(m.shadow.querySelector('.badge')?.textContent).toBe('2');
    expect(eventsOf(m, 'unreadCountChange').at(-1)).toEqual([2]);
    await m.run((c) => c.open());
    await m.run((c) => c.startChat());
    await settle(m);
    expect(eventsOf(m, 'unreadCountChange').at(-1)).toEqual([0]);
  });

  test('a message that looks like card data is held back until the visitor chooses', async () => {
    const conversation = new FakeConversation('c1');
    const { m } = await setup(conversation);
    await m.run((c) => c.startChat());
    await settle(m);
    const box = m.ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    box.value = 'card 4111 1111 1111 1111 failed';
    fireEvent.input(box);
    fireEvent.keyDown(box, { key: 'Enter' });
    await settle(m);
    expect(m.ui.getByRole('alert').textContent).toContain('This looks like card details');
    expect(conversation.sent).toEqual([]);
    fireEvent.click(m.ui.getByRole('button', { name: 'Edit message' }));
    await settle(m);
    expect(m.ui.queryByRole('alert')).toBeNull();
    expect(box.value).toBe('card 4111 1111 1111 1111 failed');
    fireEvent.keyDown(box, { key: 'Enter' });
    await settle(m);
    fireEvent.click(m.ui.getByRole('button', { name: 'Send anyway' }));
    await settle(m);
    expect(conversation.sent).toEqual(['card 4111 1111 1111 1111 failed']);
    expect(box.value).toBe('');
    // Shift+Enter is a newline, not a send.
    box.value = 'line one';
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(conversation.sent).toHaveLength(1);
  });

  test('when resolved: chatEnded, a rating, the transcript and a way to start again', async () => {
    const conversation = new FakeConversation('c1');
    const { m } = await setup(conversation);
    await m.run((c) => c.startChat());
    await settle(m);
    conversation.update({ status: 'resolved' });
    await settle(m);
    expect(eventsOf(m, 'chatEnded')).toEqual([[{ conversationId: 'c1' }]]);
    expect(m.ui.queryByRole('textbox', { name: 'Message' })).toBeNull();
    fireEvent.click(m.ui.getByRole('button', { name: '4 out of 5' }));
    await settle(m);
    fireEvent.click(m.ui.getByRole('button', { name: 'Send rating' }));
    await settle(m);
    expect(conversation.rating).toEqual({ score: 4 });
    expect(m.ui.getByText('Thanks for your feedback!')).toBeTruthy();
    expect(m.ui.getByRole('button', { name: 'Download transcript' })).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: 'Start a new conversation' }));
    await settle(m);
    expect(m.ui.getByText('What can we help you with?')).toBeTruthy();
  });

  test('nobody online: an honest offline form that needs an email', async () => {
    const config = { ...demoConfig(), availability: { online: false } };
    const { m, state } = await setup(null, config);
    await m.run((c) => c.startChat('Where is my refund?'));
    await settle(m);
    fireEvent.click(m.ui.getByRole('button', { name: 'A refund' }));
    await settle(m);
    expect(m.ui.getByText('Nobody is online right now')).toBeTruthy();
    const message = m.ui.getByRole('textbox', { name: 'Your message' }) as HTMLTextAreaElement;
    expect(message.value).toBe('Where is my refund?');
    const email = m.ui.getByRole('textbox', { name: 'Email' }) as HTMLInputElement;
    email.value = 'not-an-email';
    fireEvent.submit(email.form as HTMLFormElement);
    await settle(m);
    expect(m.ui.getByText('Enter a valid email address.')).toBeTruthy();
    expect(state.opened).toEqual([]);
    email.value = 'buyer@example.com';
    fireEvent.submit(email.form as HTMLFormElement);
    await settle(m);
    expect(state.opened[0]).toMatchObject({ topic: 'refund', email: 'buyer@example.com' });
    expect(state.current?.sent).toEqual(['Where is my refund?']);
  });

  test('identify and logout reach the SDK client; a rejected identity reports identity_rejected', async () => {
    const { m, state, events } = await setup();
    await m.run((c) => c.identify({ userId: 'u1', userHash: 'a'.repeat(64) }));
    await m.run((c) => c.startChat());
    await settle(m);
    events.emit('session', { visitorId: 'v2', identityRejected: true });
    await m.run((c) => c.logout());
    expect([state.identified, state.loggedOut]).toEqual([1, 1]);
    expect(eventsOf(m, 'error')).toEqual([[{ code: 'identity_rejected', message: expect.any(String) }]]);
  });
});
