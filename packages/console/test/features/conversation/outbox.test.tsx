import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountWithBackend, type TestConsole } from '../../dom.js';
import { FakeBackend, makeConversation, makeMessage } from '../../fake-backend.js';

let backend: FakeBackend;
let mounted: TestConsole | undefined;

beforeEach(() => {
  sessionStorage.clear();
  backend = new FakeBackend();
  backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [makeMessage({ seq: 1 })]);
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

async function reply(text: string) {
  fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
  const box = await screen.findByLabelText('Reply to the visitor');
  fireEvent.input(box, { target: { value: text } });
  await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(text));
  fireEvent.keyDown(box, { key: 'Enter' });
}

const sends = () => backend.transport.sent.filter((entry) => entry.event === 'message:send');
const clientIdOf = (entry: { payload: unknown } | undefined) =>
  (entry?.payload as { clientId: string } | undefined)?.clientId;

describe('outbox', () => {
  it('resends an unacknowledged reply with the same clientId after a reconnect, and shows it once', async () => {
    mounted = await mountWithBackend(backend);
    backend.transport.holdAcks = true;
    await reply('Your refund is on its way');
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(await screen.findByText('Sending…')).toBeTruthy();

    backend.transport.drop();
    expect(await screen.findByText(/Connection lost/)).toBeTruthy();
    expect(screen.getByText('Sending…')).toBeTruthy();

    backend.transport.holdAcks = false;
    backend.transport.connect();
    await waitFor(() => expect(sends()).toHaveLength(2));
    expect(clientIdOf(sends()[1])).toBe(clientIdOf(sends()[0]));
    const list = within(document.querySelector('.messages') as HTMLElement);
    await waitFor(() => expect(list.getAllByText('Your refund is on its way')).toHaveLength(1));
    expect(screen.queryByText('Sending…')).toBeNull();
    expect(backend.messages.get('c1')?.filter((m) => m.text === 'Your refund is on its way')).toHaveLength(1);
  });

  it('queues a reply written while offline and sends it on reconnect', async () => {
    mounted = await mountWithBackend(backend);
    backend.transport.drop();
    await reply('Written offline');
    expect(await screen.findByText('Sending…')).toBeTruthy();
    expect(sends()).toHaveLength(0);
    backend.transport.connect();
    await waitFor(() => expect(sends()).toHaveLength(1));
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
  });

  it('offers a retry with the same clientId when the server refuses', async () => {
    mounted = await mountWithBackend(backend);
    const answer = backend.answer.bind(backend);
    let refuse = true;
    backend.answer = (event, payload) =>
      event === 'message:send' && refuse
        ? { ok: false, error: { code: 'internal', message: 'boom' } }
        : answer(event, payload);
    await reply('Try me');
    expect(await screen.findByText('Not sent')).toBeTruthy();
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.queryByText('Not sent')).toBeNull());
    expect(sends()).toHaveLength(2);
    expect(clientIdOf(sends()[1])).toBe(clientIdOf(sends()[0]));
  });
});
