import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropConnection, holdAgentHandshakes, loseNextAnswer } from '../../connection.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { createTeam, disconnectAll, startVisitorChat, type Team, type VisitorChat } from '../../team.js';

let server: TestServer;
let mounted: TestConsole | undefined;
let release: (() => void) | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  sessionStorage.clear();
});
afterEach(() => {
  release?.();
  release = undefined;
  mounted?.dispose();
  mounted = undefined;
  disconnectAll();
  vi.restoreAllMocks();
});

/** A signed-in console with Ana's conversation open. */
async function openAna(): Promise<{ team: Team; chat: VisitorChat }> {
  const team = await createTeam(server);
  mounted = await mountSignedIn(server, team.me);
  const chat = await startVisitorChat(server, team, { name: 'Ana' });
  await chat.send('Hello');
  fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
  await screen.findByRole('heading', { level: 2, name: 'Ana' });
  return { team, chat };
}

async function reply(text: string) {
  const box = await screen.findByLabelText('Reply to the visitor');
  fireEvent.input(box, { target: { value: text } });
  await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(text));
  fireEvent.keyDown(box, { key: 'Enter' });
}

const messages = () => within(document.querySelector('.messages') as HTMLElement);
const stored = async (chat: VisitorChat) =>
  (await server.storage.messages.listAfter(chat.conversation.id, 0, 50, true)).map((message) => ({
    author: message.authorType,
    clientId: message.clientId,
    text: message.text,
  }));

describe('outbox', () => {
  it('resends a reply whose answer was lost with the same clientId after a reconnect, and shows it once', async () => {
    const { team, chat } = await openAna();
    const lost = loseNextAnswer(server, team.me.agent.id, 'message:send');
    await reply('Your refund is on its way');
    expect(await screen.findByText('Sending…')).toBeTruthy();
    expect(await screen.findByText(/Connection lost/)).toBeTruthy();

    // Back online: the outbox sends it again; the server recognises the clientId and stores nothing new.
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    await waitFor(() => expect(screen.queryByText(/Connection lost/)).toBeNull());
    const [first] = lost.received as Array<{ clientId: string }>;
    expect((await stored(chat)).filter((message) => message.author === 'agent')).toEqual([
      { author: 'agent', clientId: first?.clientId, text: 'Your refund is on its way' },
    ]);
    await waitFor(() => expect(messages().getAllByText('Your refund is on its way')).toHaveLength(1));
    await waitFor(() =>
      expect(chat.received.filter((message) => message.text === 'Your refund is on its way')).toHaveLength(1),
    );
  });

  it('queues a reply written while offline and sends it on reconnect', async () => {
    const { team, chat } = await openAna();
    release = holdAgentHandshakes(server);
    dropConnection(server, team.me.agent.id);
    expect(await screen.findByText(/Connection lost/)).toBeTruthy();
    await reply('Written offline');
    expect(await screen.findByText('Sending…')).toBeTruthy();
    expect((await stored(chat)).map((message) => message.text)).toEqual(['Hello']);

    release();
    await waitFor(() => expect(screen.queryByText('Sending…')).toBeNull());
    expect((await stored(chat)).map((message) => message.text)).toEqual(['Hello', 'Written offline']);
    expect(messages().getAllByText('Written offline')).toHaveLength(1);
  });

  it('stores the same clientId once per author, and refuses it for another text of the same author', async () => {
    const { chat } = await openAna();
    await chat.send('Is anyone there?', 'shared-client-id');
    await messages().findByText('Is anyone there?');
    // The console names its replies with crypto.randomUUID(); here it picks the visitor's id.
    const randomUUID = vi.spyOn(crypto, 'randomUUID');
    randomUUID.mockReturnValueOnce('shared-client-id' as ReturnType<Crypto['randomUUID']>);
    await reply('Yes, I am here');
    const isPending = (text: string) =>
      messages().getByText(text).closest('li')?.classList.contains('message--pending');
    await waitFor(() => expect(isPending('Yes, I am here')).toBe(false));
    expect(messages().getByText('Is anyone there?')).toBeTruthy();
    await waitFor(() => expect(chat.received.map((message) => message.text)).toContain('Yes, I am here'));

    randomUUID.mockReturnValueOnce('shared-client-id' as ReturnType<Crypto['randomUUID']>);
    await reply('Something else');
    expect(await screen.findByText('Not sent: the server refused this message.')).toBeTruthy();
    expect((await stored(chat)).map(({ author, clientId }) => `${author}:${clientId}`)).toEqual([
      expect.stringMatching(/^visitor:/),
      'visitor:shared-client-id',
      'agent:shared-client-id',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(messages().queryByText('Something else')).toBeNull());
  });
});
