import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { AgentsResponse } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropConnection, holdAgentHandshakes } from '../../connection.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { addAgent, colleagueApi, createTeam, disconnectAll, startVisitorChat } from '../../team.js';

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
  localStorage.clear();
});
afterEach(() => {
  release?.();
  release = undefined;
  mounted?.dispose();
  mounted = undefined;
  disconnectAll();
  vi.useRealTimers();
});

const rows = () => within(document.querySelector('.rows') as HTMLElement).queryAllByRole('button');

/** Runs `act` with the clock (the server's too: it runs in this process) `minutes` in the past. */
async function minutesAgo<T>(minutes: number, act: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - minutes * 60_000 });
  try {
    return await act();
  } finally {
    vi.useRealTimers();
  }
}

describe('live inbox', () => {
  it('lists waiting conversations with complaints first, wait time, topic and unread badge', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const anonymous = await startVisitorChat(server, team);
    // Four and a half minutes: "4 min" whether the console's clock (read every 15 s) is a little
    // behind the server's or not.
    await minutesAgo(4.5, async () => {
      await anonymous.send('Where is my money?');
      await anonymous.send('Hello?');
    });
    const cross = await startVisitorChat(server, team, { name: 'Cross', topic: 'complaint' });
    await minutesAgo(1, () => cross.send('Terrible'));

    await waitFor(() => expect(rows()).toHaveLength(2));
    await waitFor(() => expect(rows()[1]?.textContent).toContain('Hello?'));
    const [first, second] = rows();
    expect(first?.textContent).toContain('Cross');
    expect(first?.textContent).toContain('Complaint');
    expect(first?.classList.contains('row--flagged')).toBe(true);
    expect(second?.textContent).toContain(`Visitor #${anonymous.visitorId.slice(-6).toUpperCase()}`);
    expect(second?.textContent).toContain('waiting 4 min');
    expect(second?.textContent).toContain('2 unread');
    await waitFor(() => expect(document.title).toBe('(3) Agent console · Topay Support'));
  });

  it('adds conversations as the server announces them, and re-reads the lists after a reconnect', async () => {
    const team = await createTeam(server);
    const colleague = await addAgent(server, team);
    mounted = await mountSignedIn(server, team.me);
    expect(await screen.findByText('No one is waiting.')).toBeTruthy();
    const newcomer = await startVisitorChat(server, team, { name: 'Newcomer' });
    await newcomer.send('Hi');
    expect(await screen.findByText('Newcomer')).toBeTruthy();
    expect(await screen.findByText('just arrived')).toBeTruthy();

    // Claimed by someone else while we were away: the push is lost, the re-read finds it.
    release = holdAgentHandshakes(server);
    dropConnection(server, team.me.agent.id);
    expect(await screen.findByText(/Connection lost/)).toBeTruthy();
    const asColleague = await colleagueApi(server, colleague);
    await asColleague('POST', `/v1/agent/conversations/${newcomer.conversation.id}/claim`);
    expect(screen.getByText('Newcomer')).toBeTruthy();
    release();
    await waitFor(() => expect(screen.getByText('No one is waiting.')).toBeTruthy());
    fireEvent.click(screen.getByRole('tab', { name: 'Assigned' }));
    // The name is a <bdi> inside the sentence: match the whole element's text.
    expect(
      await screen.findByText((_, el) => el?.textContent === `Assigned to ${colleague.agent.name}`),
    ).toBeTruthy();
  });

  it('reads a message that arrives in the open conversation: no unread count is left behind', async () => {
    // The server relays a message as `message:new` and then the conversation (with its unread count)
    // as `conversation:updated`; the count the agent sees must be the one after reading.
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const ana = await startVisitorChat(server, team, { name: 'Ana' });
    await ana.send('Hello');
    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await screen.findByRole('heading', { level: 2, name: 'Ana' });
    // The agent is looking: the page has focus (jsdom has it once an element is focused).
    (await screen.findByLabelText('Reply to the visitor')).focus();
    window.dispatchEvent(new FocusEvent('focus'));
    await waitFor(() => expect(document.title).toBe('Agent console · Topay Support'));
    await ana.send('Are you there?');
    await within(document.querySelector('.messages') as HTMLElement).findByText('Are you there?');
    await waitFor(async () =>
      expect((await server.storage.conversations.findById(ana.conversation.id))?.agentReadSeq).toBe(2),
    );
    await waitFor(() => expect(rows()[0]?.textContent).toContain('Are you there?'));
    expect(rows()[0]?.textContent).not.toContain('unread');
    expect(document.title).toBe('Agent console · Topay Support');
  });

  it('puts my conversations first in Assigned', async () => {
    const team = await createTeam(server);
    const colleague = await addAgent(server, team);
    mounted = await mountSignedIn(server, team.me);
    const ours = await startVisitorChat(server, team, { name: 'Ours' });
    await minutesAgo(30, () => ours.send('Earlier'));
    const theirs = await startVisitorChat(server, team, { name: 'Theirs' });
    await theirs.send('Later');
    await (await colleagueApi(server, colleague))(
      'POST',
      `/v1/agent/conversations/${theirs.conversation.id}/claim`,
    );
    await (await colleagueApi(server, team.me))(
      'POST',
      `/v1/agent/conversations/${ours.conversation.id}/claim`,
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Assigned' }));
    await waitFor(() =>
      expect(rows().map((row) => row.querySelector('.row__name')?.textContent)).toEqual(['Ours', 'Theirs']),
    );
    expect(rows()[0]?.textContent).toContain('Mine');
  });

  it('sets presence to away, and sets it again after a reconnect', async () => {
    const team = await createTeam(server);
    const colleague = await addAgent(server, team);
    const asColleague = await colleagueApi(server, colleague);
    const myStatus = async () =>
      (await asColleague<AgentsResponse>('GET', '/v1/agent/agents')).agents.find(
        (agent) => agent.agentId === team.me.agent.id,
      )?.status;
    mounted = await mountSignedIn(server, team.me);
    await waitFor(async () => expect(await myStatus()).toBe('online'));
    fireEvent.change(screen.getByLabelText('Your status'), { target: { value: 'away' } });
    await waitFor(async () => expect(await myStatus()).toBe('away'));

    // A new connection starts online on the server; the console says "away" again.
    release = holdAgentHandshakes(server);
    dropConnection(server, team.me.agent.id);
    await waitFor(async () => expect(await myStatus()).toBe('offline'));
    release();
    await waitFor(() => expect(mounted?.workspace.value?.transport.state.value).toBe('connected'));
    await waitFor(async () => expect(await myStatus()).toBe('away'));
    expect((screen.getByLabelText('Your status') as HTMLSelectElement).value).toBe('away');
  });
});
