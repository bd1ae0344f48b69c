import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountWithBackend, type TestConsole } from '../../../test/dom.js';
import { FakeBackend, ME, makeConversation, makeMessage } from '../../../test/fake-backend.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

let backend: FakeBackend;
let mounted: TestConsole | undefined;

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  backend = new FakeBackend();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function openConversation(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${escapeRegExp(name)}`) }));
  return screen.findByRole('heading', { level: 2, name });
}

/** The open conversation's message list, where queries must not also match the inbox row's preview. */
const messages = () => within(document.querySelector('.messages') as HTMLElement);

describe('conversation view', () => {
  it('renders hostile visitor names and messages as text, and links only http(s) URLs', async () => {
    backend.add(
      makeConversation({
        id: 'c1',
        visitor: { id: 'v1', name: HOSTILE },
        waitingSince: new Date().toISOString(),
      }),
      [
        makeMessage({ seq: 1, text: HOSTILE }),
        makeMessage({ seq: 2, text: 'see https://example.com/pay?x=1. or javascript:alert(1)' }),
      ],
    );
    mounted = await mountWithBackend(backend);
    await openConversation(HOSTILE);
    expect(screen.getAllByText(HOSTILE).length).toBeGreaterThanOrEqual(3);
    expect(mounted.root.querySelector('img')).toBeNull();
    const links = within(mounted.root.querySelector('.messages') as HTMLElement).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com/pay?x=1']);
    expect(links[0]?.getAttribute('rel')).toContain('noopener');
  });

  it('shows which messages came by email and whether a reply sent by email bounced', async () => {
    backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [
      makeMessage({ seq: 1, text: 'From the chat' }),
      makeMessage({
        seq: 2,
        text: 'Our answer',
        author: { type: 'agent', id: 'a1', name: 'Li' },
        emailDelivery: { status: 'bounced', at: new Date().toISOString() },
      }),
      makeMessage({
        seq: 3,
        text: 'Another answer',
        author: { type: 'agent', id: 'a1', name: 'Li' },
        emailDelivery: { status: 'sent', at: new Date().toISOString() },
      }),
      makeMessage({ seq: 4, text: 'Thanks, from my inbox', channel: 'email' }),
    ]);
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    const item = (text: string) => messages().getByText(text).closest('li') as HTMLElement;
    expect(await messages().findByText('Thanks, from my inbox')).toBeTruthy();
    expect(item('Thanks, from my inbox').textContent).toContain('by email');
    expect(item('From the chat').textContent).not.toContain('by email');
    expect(item('Our answer').textContent).toContain('The email bounced');
    expect(item('Another answer').textContent).toContain('Also sent by email');
  });

  it('sends an internal note in a different style, marked internal on the wire', async () => {
    backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [
      makeMessage({ seq: 1 }),
    ]);
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    fireEvent.click(screen.getByLabelText('Internal note'));
    const box = await screen.findByLabelText('Internal note (agents only)');
    expect(box.closest('form')?.classList.contains('composer--note')).toBe(true);
    fireEvent.input(box, { target: { value: 'Customer seems upset, be gentle' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const note = await messages().findByText('Customer seems upset, be gentle');
    const item = note.closest('li');
    expect(item?.classList.contains('message--note')).toBe(true);
    expect(item?.textContent).toContain('Internal note');
    expect(backend.transport.sent.at(-1)).toMatchObject({
      event: 'message:send',
      payload: { conversationId: 'c1', text: 'Customer seems upset, be gentle', internal: true },
    });
    // Writing a note never tells the visitor someone is typing.
    expect(backend.transport.signals.filter((entry) => entry.event === 'typing')).toEqual([]);
  });

  it('shows system messages, redaction, day separators and the read-by-visitor marker', async () => {
    backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' }, visitorReadSeq: 2 }), [
      makeMessage({
        seq: 1,
        text: 'my card is [redacted]',
        redacted: true,
        createdAt: '2024-01-01T10:00:00Z',
      }),
      makeMessage({ seq: 2, author: { type: 'agent', id: ME.agent.id, name: 'Mei' }, text: 'On it' }),
      makeMessage({ seq: 3, author: { type: 'system', id: 'system' }, text: 'Mei joined' }),
    ]);
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    expect(screen.getByText('Card details were removed from this message.')).toBeTruthy();
    expect(messages().getByText('On it').closest('li')?.textContent).toContain('Read by visitor');
    expect(messages().getByText('Mei joined').closest('li')?.classList.contains('message--system')).toBe(
      true,
    );
    expect(mounted.root.querySelectorAll('.messages__day')).toHaveLength(2);
  });

  it('shows live messages, announces visitor ones and marks them read while focused', async () => {
    backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [
      makeMessage({ seq: 1 }),
    ]);
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    backend.store('c1', {
      clientId: 'v-2',
      author: { type: 'visitor', id: 'v1' },
      text: 'Are you there?',
      sources: [],
      attachments: [],
      createdAt: new Date().toISOString(),
    });
    await messages().findByText('Are you there?');
    expect(mounted.root.querySelector('[aria-live="polite"]')?.textContent).toBe(
      'New message from Ana: Are you there?',
    );
    backend.transport.push('typing', { conversationId: 'c1', typing: true });
    expect(await screen.findByText('Visitor is typing…')).toBeTruthy();
  });

  it('claims, transfers and resolves from the header', async () => {
    backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [
      makeMessage({ seq: 1 }),
    ]);
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    fireEvent.click(screen.getByRole('button', { name: 'Claim' }));
    await waitFor(() => expect(backend.calls).toContain('claim:c1'));
    expect(await screen.findByText('Mei', { selector: 'dd' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    fireEvent.change(await screen.findByLabelText('Transfer to'), { target: { value: 'agent-2' } });
    fireEvent.submit(screen.getByLabelText('Transfer to').closest('form') as HTMLFormElement);
    await waitFor(() => expect(backend.calls).toContain('transfer:c1:agent-2'));
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await screen.findByRole('button', { name: 'Reopen' });
    expect(screen.getByText('This conversation is resolved. Reopen it to reply.')).toBeTruthy();
  });

  it('inserts a canned reply picked with / and the keyboard', async () => {
    backend.cannedReplies = [
      { id: 'r1', shortcut: 'refund-time', text: 'Refunds take 3–5 business days.' },
      { id: 'r2', shortcut: 'hello', text: 'Hi! How can I help?' },
    ];
    backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }));
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    const box = screen.getByLabelText('Reply to the visitor');
    fireEvent.input(box, { target: { value: '/ref' } });
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      '/refund-timeRefunds take 3–5 business days.',
    ]);
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe('Refunds take 3–5 business days.'));
    expect(backend.transport.sent).toEqual([]);
  });

  it('shows the visitor context and the payment card', async () => {
    backend.add(
      makeConversation({
        id: 'c1',
        visitor: { id: 'v1', name: 'Ana', email: 'ana@example.com', userId: 'demo-user-1' },
        context: {
          pageUrl: 'https://shop.example/checkout',
          locale: 'zh-CN',
          userAgent:
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
        },
        payment: {
          reference: 'demo-failed',
          status: 'failed',
          reason: 'insufficient_funds',
          amount: { minor: 12_345, currency: 'CNY' },
          merchant: { name: 'Demo shop' },
          card: { brand: 'visa', last4: '4242' },
          createdAt: '2024-05-01T08:00:00Z',
          events: [],
        },
        rating: { score: 5, comment: 'great' },
      }),
    );
    mounted = await mountWithBackend(backend);
    await openConversation('Ana');
    const context = screen.getByRole('complementary');
    expect(within(context).getByRole('link').getAttribute('href')).toBe('https://shop.example/checkout');
    expect(context.textContent).toContain('Chrome 126 · Windows');
    expect(context.textContent).toContain('CN¥123.45');
    expect(context.textContent).toContain('Insufficient funds');
    expect(context.textContent).toContain('VISA •••• 4242');
    expect(context.textContent).toContain('5 / 5');
  });
});
