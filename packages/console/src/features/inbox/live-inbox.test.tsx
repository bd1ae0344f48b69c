import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountWithBackend, type TestConsole } from '../../../test/dom.js';
import { FakeBackend, ME, makeConversation, makeMessage } from '../../../test/fake-backend.js';

let backend: FakeBackend;
let mounted: TestConsole | undefined;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  backend = new FakeBackend();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
});

const rows = () => within(document.querySelector('.rows') as HTMLElement).getAllByRole('button');

describe('live inbox', () => {
  it('lists waiting conversations with complaints first, wait time, topic and unread badge', async () => {
    backend.add(
      makeConversation({
        id: 'c1',
        visitor: { id: 'visitor-0001-a1b2c3' },
        waitingSince: minutesAgo(4),
        unreadCount: 2,
      }),
      [makeMessage({ seq: 1, text: 'Where is my money?' })],
    );
    backend.add(
      makeConversation({
        id: 'c2',
        visitor: { id: 'v2', name: 'Cross' },
        topic: 'complaint',
        flagged: true,
        waitingSince: minutesAgo(1),
      }),
      [makeMessage({ seq: 1, text: 'Terrible' })],
    );
    mounted = await mountWithBackend(backend);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const [first, second] = rows();
    expect(first?.textContent).toContain('Cross');
    expect(first?.textContent).toContain('Complaint');
    expect(first?.classList.contains('row--flagged')).toBe(true);
    expect(second?.textContent).toContain('Visitor #A1B2C3');
    expect(second?.textContent).toContain('waiting 4 min');
    expect(second?.textContent).toContain('2 unread');
    expect(second?.textContent).toContain('Where is my money?');
    await waitFor(() => expect(document.title).toBe('(2) Agent console · Topay Support'));
  });

  it('adds conversations pushed over the socket and re-syncs lists after a reconnect', async () => {
    mounted = await mountWithBackend(backend);
    expect(await screen.findByText('No one is waiting.')).toBeTruthy();
    const pushed = backend.add(
      makeConversation({
        id: 'c9',
        visitor: { id: 'v9', name: 'Newcomer' },
        waitingSince: minutesAgo(0),
        unreadCount: 1,
      }),
    );
    backend.transport.push('conversation:updated', { conversation: pushed });
    expect(await screen.findByText('Newcomer')).toBeTruthy();
    expect(screen.getByText('just arrived')).toBeTruthy();

    backend.transport.drop();
    // Claimed by someone else while we were away: the push is lost, the re-sync finds it.
    backend.conversations.set('c9', {
      ...pushed,
      status: 'assigned',
      assignee: { id: 'agent-2', name: 'Lei' },
    });
    const before = backend.calls.length;
    backend.transport.connect();
    await waitFor(() =>
      expect(backend.calls.slice(before)).toEqual(expect.arrayContaining(['list:open', 'list:assigned'])),
    );
    await waitFor(() => expect(screen.getByText('No one is waiting.')).toBeTruthy());
    fireEvent.click(screen.getByRole('tab', { name: 'Assigned' }));
    // The name is a <bdi> inside the sentence: match the whole element's text.
    expect(await screen.findByText((_, el) => el?.textContent === 'Assigned to Lei')).toBeTruthy();
  });

  it('puts my conversations first in Assigned', async () => {
    backend.add(
      makeConversation({
        id: 'a1',
        status: 'assigned',
        visitor: { id: 'v1', name: 'Theirs' },
        assignee: { id: 'agent-2', name: 'Lei' },
      }),
      [makeMessage({ seq: 1, createdAt: minutesAgo(0) })],
    );
    backend.add(
      makeConversation({
        id: 'a2',
        status: 'assigned',
        visitor: { id: 'v2', name: 'Ours' },
        assignee: { id: ME.agent.id, name: ME.agent.name },
      }),
      [makeMessage({ seq: 1, createdAt: minutesAgo(30) })],
    );
    mounted = await mountWithBackend(backend);
    fireEvent.click(screen.getByRole('tab', { name: 'Assigned' }));
    await waitFor(() =>
      expect(rows().map((row) => row.querySelector('.row__name')?.textContent)).toEqual(['Ours', 'Theirs']),
    );
    expect(rows()[0]?.textContent).toContain('Mine');
  });

  it('sets presence to away and repeats it after a reconnect', async () => {
    mounted = await mountWithBackend(backend);
    fireEvent.change(screen.getByLabelText('Your status'), { target: { value: 'away' } });
    await waitFor(() =>
      expect(backend.transport.sent.at(-1)).toEqual({ event: 'presence:set', payload: { status: 'away' } }),
    );
    backend.transport.drop();
    backend.transport.connect();
    await waitFor(() =>
      expect(backend.transport.sent.filter((entry) => entry.event === 'presence:set')).toHaveLength(2),
    );
  });
});
