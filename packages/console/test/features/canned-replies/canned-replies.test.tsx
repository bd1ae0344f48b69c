import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateCannedReply } from '../../../src/features/canned-replies/model.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { createTeam, disconnectAll, startVisitorChat, type Team } from '../../team.js';

let server: TestServer;
let team: Team;
let mounted: TestConsole | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  sessionStorage.clear();
  localStorage.clear();
  team = await createTeam(server);
  await server.storage.cannedReplies.create(
    team.merchant.id,
    'refund-time',
    'Refunds take 3–5 business days.',
  );
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
  disconnectAll();
});

/** The team's canned replies as the server has them. */
const shortcuts = async () =>
  (await server.storage.cannedReplies.list(team.merchant.id)).map((reply) => reply.shortcut).sort();
const signIn = () => mountSignedIn(server, team.me);

async function openDialog() {
  fireEvent.click(await screen.findByRole('button', { name: 'Canned replies' }));
  return within(await screen.findByRole('dialog', { name: 'Canned replies' }));
}

async function fill(dialog: ReturnType<typeof within>, shortcut: string, text: string) {
  fireEvent.input(dialog.getByLabelText('Shortcut'), { target: { value: shortcut } });
  fireEvent.input(dialog.getByLabelText('Reply text'), { target: { value: text } });
  await waitFor(() => expect((dialog.getByLabelText('Reply text') as HTMLTextAreaElement).value).toBe(text));
  fireEvent.click(dialog.getByRole('button', { name: 'Add reply' }));
}

describe('canned replies management', () => {
  it('adds a reply that the / picker offers at once, without a reload', async () => {
    mounted = await signIn();
    const dialog = await openDialog();
    expect(await dialog.findByText('/refund-time')).toBeTruthy();
    expect(document.activeElement).toBe(dialog.getByLabelText('Shortcut'));

    // A typed leading "/" is what agents do out of habit; it is not part of the shortcut.
    await fill(dialog, '/greet', 'Hello! How can I help?');
    expect(await dialog.findByText('/greet')).toBeTruthy();
    expect(await shortcuts()).toEqual(['greet', 'refund-time']);
    expect((dialog.getByLabelText('Shortcut') as HTMLInputElement).value).toBe('');

    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const ana = await startVisitorChat(server, team, { name: 'Ana' });
    await ana.send('Hello');
    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    const box = await screen.findByLabelText('Reply to the visitor');
    fireEvent.input(box, { target: { value: '/gr' } });
    const options = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['/greetHello! How can I help?']);
  });

  it('checks the shortcut and the text before sending', async () => {
    mounted = await signIn();
    const dialog = await openDialog();
    fireEvent.click(dialog.getByRole('button', { name: 'Add reply' }));
    expect(await dialog.findByText('Enter a shortcut.')).toBeTruthy();
    expect(dialog.getByText('Enter the reply text.')).toBeTruthy();

    fireEvent.input(dialog.getByLabelText('Shortcut'), { target: { value: 'two words' } });
    expect(await dialog.findByText('Use only letters, digits, - and _ (no spaces).')).toBeTruthy();
    expect(dialog.getByLabelText('Shortcut').getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(dialog.getByLabelText('Shortcut'), { target: { value: 'x'.repeat(41) } });
    expect(await dialog.findByText('At most 40 characters.')).toBeTruthy();
    expect(await shortcuts()).toEqual(['refund-time']);

    expect(validateCannedReply('退款', 'ok')).toEqual({});
    expect(validateCannedReply('a_b-1', 'x'.repeat(4001))).toEqual({ text: 'tooLong' });
    expect(validateCannedReply('<b>', ' ')).toEqual({ shortcut: 'pattern', text: 'required' });
  });

  it('explains a shortcut that is taken (409 conflict)', async () => {
    mounted = await signIn();
    const dialog = await openDialog();
    await fill(dialog, 'refund-time', 'Another text');
    expect(await dialog.findByRole('alert')).toHaveProperty(
      'textContent',
      '/refund-time is taken already. Choose another shortcut.',
    );
    expect(await shortcuts()).toEqual(['refund-time']);
    // The agent's input stays, to pick another shortcut.
    expect((dialog.getByLabelText('Reply text') as HTMLTextAreaElement).value).toBe('Another text');
  });

  it('deletes a reply only after confirmation', async () => {
    mounted = await signIn();
    const dialog = await openDialog();
    fireEvent.click(await dialog.findByRole('button', { name: 'Delete /refund-time' }));
    expect(
      await dialog.findByText('Delete /refund-time? No agent will be able to insert it any more.'),
    ).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(await shortcuts()).toEqual(['refund-time']);

    fireEvent.click(await dialog.findByRole('button', { name: 'Delete /refund-time' }));
    const confirm = await dialog.findByRole('button', { name: 'Delete' });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    fireEvent.click(confirm);
    await waitFor(() => expect(dialog.queryByText('/refund-time')).toBeNull());
    await waitFor(async () => expect(await shortcuts()).toEqual([]));
    expect(dialog.getByText('No canned replies yet. Add the answers you give most often.')).toBeTruthy();
    expect(mounted.workspace.value?.canned.replies.value).toEqual([]);
  });

  it('speaks Chinese when the console does', async () => {
    mounted = await signIn();
    mounted.locale.set('zh-CN');
    fireEvent.click(await screen.findByRole('button', { name: '快捷回复' }));
    const dialog = within(await screen.findByRole('dialog', { name: '快捷回复' }));
    expect(dialog.getByLabelText('快捷指令')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: '添加' }));
    expect(await dialog.findByText('请输入快捷指令。')).toBeTruthy();
  });
});
