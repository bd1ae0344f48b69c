import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationFromHash, conversationHash } from '../../../src/features/routing/conversation-route.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { createTeam, disconnectAll, startVisitorChat, type Team, type VisitorChat } from '../../team.js';

let server: TestServer;
let team: Team;
let ana: VisitorChat;
let bo: VisitorChat;
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
});

/** Signed in, with Ana's and Bo's conversations in the inbox. */
async function signIn(): Promise<TestConsole> {
  team = await createTeam(server);
  const app = await mountSignedIn(server, team.me);
  ana = await startVisitorChat(server, team, { name: 'Ana' });
  await ana.send('first');
  bo = await startVisitorChat(server, team, { name: 'Bo' });
  await bo.send('second');
  await screen.findByRole('button', { name: /^Bo/ });
  return app;
}

const heading = (name: string) => screen.findByRole('heading', { level: 2, name });

describe('a URL per conversation', () => {
  it('reopens the conversation named in the URL after a reload', async () => {
    mounted = await signIn();
    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await heading('Ana');
    expect(location.hash).toBe(conversationHash(ana.conversation.id));

    // A reload: the page (and its URL) stays, everything else starts again.
    mounted.dispose();
    mounted = await mountSignedIn(server, team.me, {}, { keepUrl: true });
    expect(await heading('Ana')).toBeTruthy();
    expect(mounted.workspace.value?.current.value?.id).toBe(ana.conversation.id);
  });

  it('follows Back and Forward between conversations and the list', async () => {
    mounted = await signIn();
    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await heading('Ana');
    fireEvent.click(screen.getByRole('button', { name: /^Bo/ }));
    await heading('Bo');
    expect(location.hash).toBe(conversationHash(bo.conversation.id));

    history.back();
    expect(await heading('Ana')).toBeTruthy();
    history.forward();
    expect(await heading('Bo')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Back to conversations' }));
    await screen.findByText('Select a conversation');
    expect(location.hash).toBe('');
    history.back();
    expect(await heading('Bo')).toBeTruthy();
  });

  it('opens a conversation typed into the address bar', async () => {
    mounted = await signIn();
    await screen.findByText('Select a conversation');
    location.hash = conversationHash(ana.conversation.id);
    expect(await heading('Ana')).toBeTruthy();
    await waitFor(() => expect(mounted?.workspace.value?.current.value?.id).toBe(ana.conversation.id));
  });

  it('reads only well-formed conversation hashes', () => {
    expect(conversationFromHash('#/c/abc')).toBe('abc');
    expect(conversationFromHash(conversationHash('c 2/x'))).toBe('c 2/x');
    expect(conversationFromHash('#/c/')).toBeNull();
    expect(conversationFromHash('#/c/%E0%A4%A')).toBeNull();
    expect(conversationFromHash('#other')).toBeNull();
    expect(conversationFromHash('')).toBeNull();
  });
});
