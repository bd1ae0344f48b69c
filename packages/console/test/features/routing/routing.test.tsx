import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationFromHash, conversationHash } from '../../../src/features/routing/conversation-route.js';
import { mountWithBackend, type TestConsole } from '../../dom.js';
import { FakeBackend, makeConversation, makeMessage } from '../../fake-backend.js';

let backend: FakeBackend;
let mounted: TestConsole | undefined;

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  backend = new FakeBackend();
  backend.add(makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'Ana' } }), [makeMessage({ seq: 1 })]);
  backend.add(makeConversation({ id: 'c 2/x', visitor: { id: 'v2', name: 'Bo' } }), [
    makeMessage({ seq: 1, text: 'second' }),
  ]);
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

const heading = (name: string) => screen.findByRole('heading', { level: 2, name });

describe('a URL per conversation', () => {
  it('reopens the conversation named in the URL after a reload', async () => {
    mounted = await mountWithBackend(backend);
    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await heading('Ana');
    expect(location.hash).toBe('#/c/c1');

    // A reload: the page (and its URL) stays, everything else starts again.
    mounted.dispose();
    mounted = await mountWithBackend(backend, {}, { keepUrl: true });
    expect(await heading('Ana')).toBeTruthy();
    expect(mounted.workspace.value?.current.value?.id).toBe('c1');
  });

  it('follows Back and Forward between conversations and the list', async () => {
    mounted = await mountWithBackend(backend);
    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await heading('Ana');
    fireEvent.click(screen.getByRole('button', { name: /^Bo/ }));
    await heading('Bo');
    expect(location.hash).toBe(conversationHash('c 2/x'));

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
    mounted = await mountWithBackend(backend);
    await screen.findByText('Select a conversation');
    location.hash = conversationHash('c1');
    expect(await heading('Ana')).toBeTruthy();
    await waitFor(() => expect(mounted?.workspace.value?.current.value?.id).toBe('c1'));
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
