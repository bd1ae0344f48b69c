import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountWithBackend, type TestConsole } from '../../dom.js';
import { FakeBackend, makeConversation, makeMessage } from '../../fake-backend.js';

let backend: FakeBackend;
let mounted: TestConsole | undefined;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeEach(() => {
  sessionStorage.clear();
  backend = new FakeBackend();
  // Open tab order: longest wait first.
  backend.add(
    makeConversation({ id: 'c1', visitor: { id: 'v1', name: 'First' }, waitingSince: minutesAgo(9) }),
    [makeMessage({ seq: 1 })],
  );
  backend.add(
    makeConversation({ id: 'c2', visitor: { id: 'v2', name: 'Second' }, waitingSince: minutesAgo(3) }),
    [makeMessage({ seq: 1 })],
  );
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key });
const heading = () => document.getElementById('conversation-heading')?.textContent;

describe('keyboard shortcuts', () => {
  it('j/k move through the list, c claims, e resolves, Esc goes back', async () => {
    mounted = await mountWithBackend(backend);
    await screen.findByText('First');
    press('j');
    await waitFor(() => expect(heading()).toBe('First'));
    press('j');
    await waitFor(() => expect(heading()).toBe('Second'));
    press('k');
    await waitFor(() => expect(heading()).toBe('First'));
    press('c');
    await waitFor(() => expect(backend.calls).toContain('claim:c1'));
    press('e');
    await waitFor(() => expect(backend.calls).toContain('resolve:c1'));
    press('Escape');
    await waitFor(() => expect(heading()).toBeUndefined());
    expect(screen.getByText('Select a conversation')).toBeTruthy();
  });

  it('r focuses the reply box, / the search, and g then a switches tabs', async () => {
    mounted = await mountWithBackend(backend);
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
    mounted = await mountWithBackend(backend);
    const search = await screen.findByLabelText('Search conversations');
    search.focus();
    press('j', search);
    press('?', search);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heading()).toBeUndefined();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('? opens the help dialog listing every shortcut; Esc closes it', async () => {
    mounted = await mountWithBackend(backend);
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
