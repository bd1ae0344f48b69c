import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { createTeam, disconnectAll, startVisitorChat, type VisitorChat } from '../../team.js';

let server: TestServer;
let mounted: TestConsole | undefined;
let first: VisitorChat;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
  disconnectAll();
});

/** Signed in with two visitors waiting; the Open tab lists the longest wait first. */
async function signInWithTwoWaiting(): Promise<TestConsole> {
  sessionStorage.clear();
  const team = await createTeam(server);
  const app = await mountSignedIn(server, team.me);
  first = await startVisitorChat(server, team, { name: 'First' });
  await first.send('Hello');
  const second = await startVisitorChat(server, team, { name: 'Second' });
  await second.send('Hello');
  await screen.findByText('Second');
  return app;
}

const conversation = () => server.storage.conversations.findById(first.conversation.id);

const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key });
const heading = () => document.getElementById('conversation-heading')?.textContent;

describe('keyboard shortcuts', () => {
  it('j/k move through the list, c claims, e resolves, Esc goes back', async () => {
    mounted = await signInWithTwoWaiting();
    await screen.findByText('First');
    press('j');
    await waitFor(() => expect(heading()).toBe('First'));
    press('j');
    await waitFor(() => expect(heading()).toBe('Second'));
    press('k');
    await waitFor(() => expect(heading()).toBe('First'));
    press('c');
    await waitFor(async () => expect((await conversation())?.status).toBe('assigned'));
    // A key pressed while the claim is still answering is ignored, as a click would be; the socket can
    // show the claim before its HTTP answer arrives.
    await waitFor(() => expect(mounted?.workspace.value?.current.value?.busy.value).toBeNull());
    press('e');
    await waitFor(async () => expect((await conversation())?.status).toBe('resolved'));
    press('Escape');
    await waitFor(() => expect(heading()).toBeUndefined());
    expect(screen.getByText('Select a conversation')).toBeTruthy();
  });

  it('r focuses the reply box, / the search, and g then a switches tabs', async () => {
    mounted = await signInWithTwoWaiting();
    press('j');
    await waitFor(() => expect(heading()).toBe('First'));
    press('r');
    expect(document.activeElement?.id).toBe('composer-input');
    press('/');
    expect(document.activeElement?.id).toBe('conversation-search');
    press('g');
    press('a');
    await screen.findByRole('tab', { name: 'Assigned', selected: true });
  });

  it('ignores keys typed into fields', async () => {
    mounted = await signInWithTwoWaiting();
    const search = await screen.findByLabelText('Search conversations');
    search.focus();
    press('j', search);
    press('?', search);
    expect(heading()).toBeUndefined();
    // The same key outside the field moves to the first conversation: the one in the field did not.
    press('j');
    await waitFor(() => expect(heading()).toBe('First'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('? opens the help dialog listing every shortcut; Esc closes it', async () => {
    mounted = await signInWithTwoWaiting();
    await screen.findByText('First');
    press('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.textContent).toContain('Next conversation');
    expect(dialog.textContent).toContain('Show Resolved');
    expect(document.activeElement?.textContent).toBe('Close');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
