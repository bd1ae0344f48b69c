import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Message } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mountForTest, submitLogin, type TestConsole } from '../../dom.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../server.js';
import { connectVisitorSocket, disconnectAll } from '../../team.js';

// The console's side of the assistant (docs/assistant.md) against the real server, whose demo merchant's
// assistant answers first with the built-in answerer over the demo articles.

let server: TestServer;
let mounted: TestConsole | undefined;
const LONG = { timeout: 10_000 };

beforeAll(async () => {
  server = await startTestServer();
}, 30_000);
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

/** A visitor of the demo shop on a real `/visitor` socket (the server's own test helper). */
const connectVisitor = async () => (await connectVisitorSocket(server.baseUrl)).socket;

/** A visitor's conversation with its questions asked, each answered by the assistant before the next. */
async function visitorAsks(questions: string[], email?: string) {
  const socket = await connectVisitor();
  const opened = await socket
    .timeout(5_000)
    .emitWithAck('conversation:open', { topic: 'payment', ...(email ? { email } : {}) });
  if (!opened.ok) throw new Error(opened.error.message);
  const conversationId = opened.data.conversation.id;
  const replies: Message[] = [];
  socket.on('message:new', ({ message }) => {
    if (message.author.type === 'bot') replies.push(message);
  });
  for (const [i, text] of questions.entries()) {
    const sent = await socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId, clientId: `visitor-q-${Date.now()}-${i}`, text });
    if (!sent.ok) throw new Error(sent.error.message);
    await waitFor(() => expect(replies).toHaveLength(i + 1), LONG);
  }
  return { socket, conversationId, replies };
}

async function signIn(): Promise<TestConsole> {
  const app = mountForTest(server.baseUrl);
  await submitLogin('agent@demo.test', DEMO_PASSWORD);
  await screen.findByRole('heading', { name: 'Conversations' }, LONG);
  await waitFor(() => expect(app.workspace.value?.transport.state.value).toBe('connected'), LONG);
  return app;
}

describe('the assistant in the console', () => {
  it('shows the assistant’s replies with their sources, and why the conversation was handed to people', async () => {
    const { socket, conversationId, replies } = await visitorAsks(['付款失败了怎么办'], 'asks@example.com');
    expect(replies[0]?.sources.map((source) => source.slug)).toContain('payment-failed');
    const handed = await socket.timeout(5_000).emitWithAck('conversation:requestAgent', { conversationId });
    expect(handed.ok).toBe(true);

    mounted = await signIn();
    const row = (await screen.findByText('asks@example.com', {}, LONG)).closest('button') as HTMLElement;
    expect(within(row).getByText('The visitor asked for a person')).toBeTruthy();
    fireEvent.click(row);

    const main = await screen.findByRole('main');
    expect(
      await within(main).findByText(
        'Handed over by the assistant: The visitor asked for a person. The exchange so far is below.',
        {},
        LONG,
      ),
    ).toBeTruthy();
    const question = await within(main).findByText('付款失败了怎么办', {}, LONG);
    expect(question.closest('li')?.className).toContain('message--visitor');
    const bot = main.querySelector<HTMLElement>('.message--bot');
    if (!bot) throw new Error('no assistant reply in the thread');
    expect(within(bot).getByText('Topay 助手')).toBeTruthy();
    expect(within(bot).getByText('Assistant')).toBeTruthy();
    expect(within(bot).getByText('付款失败怎么办？', { selector: 'li' })).toBeTruthy();
  }, 40_000);

  it('admins see the report: numbers, the per-day chart, and unanswered questions that open a new article', async () => {
    await visitorAsks(['你们公司的办公地址在哪里？']);
    mounted = await signIn();
    fireEvent.click(screen.getByRole('link', { name: 'Assistant' }));
    expect(await screen.findByRole('heading', { name: 'Assistant report', level: 1 }, LONG)).toBeTruthy();
    const stats = await waitFor(() => {
      const list = document.querySelector<HTMLElement>('.report__stats');
      if (!list) throw new Error('no numbers yet');
      return list;
    }, LONG);
    // This file's conversations so far: the hand-off above and this one.
    const number = (label: string) =>
      within(stats).getByText(label).closest('div')?.querySelector('.report__number')?.textContent;
    expect(number('Conversations answered')).toBe('2');
    expect(number('Handed off to people')).toBe('1');
    expect(number('Helpful rate')).toBe('—');
    const table = screen.getByRole('table', { name: 'Per day' });
    expect(within(table).getAllByRole('row').length).toBe(31);
    expect(document.querySelectorAll('.report-chart__bar--conversations').length).toBe(30);

    const write = await screen.findByRole('link', {
      name: 'Write an article for “你们公司的办公地址在哪里？”',
    });
    fireEvent.click(write);
    const title = (await screen.findByLabelText(/^Title/, {}, LONG)) as HTMLInputElement;
    expect(title.value).toBe('你们公司的办公地址在哪里？');
  }, 40_000);

  it('suggest mode: the suggestion appears above the reply box; "use" fills it for editing, and it is gone', async () => {
    const merchant = await server.storage.merchants.findById(server.merchantId);
    if (!merchant) throw new Error('no demo merchant');
    await server.storage.merchants.update(merchant.id, {
      settings: { ...merchant.settings, assistant: { mode: 'suggest', name: 'Topay 助手' } },
    });
    try {
      mounted = await signIn();
      const socket = await connectVisitor();
      const opened = await socket
        .timeout(5_000)
        .emitWithAck('conversation:open', { topic: 'payment', email: 'suggest@example.com' });
      if (!opened.ok) throw new Error(opened.error.message);
      fireEvent.click(
        (await screen.findByText('suggest@example.com', {}, LONG)).closest('button') as HTMLElement,
      );
      await socket.timeout(5_000).emitWithAck('message:send', {
        conversationId: opened.data.conversation.id,
        clientId: 'visitor-suggest-1',
        text: '付款失败了怎么办',
      });
      const card = await screen.findByRole('region', { name: 'Suggested reply' }, LONG);
      const suggested = card.querySelector('.suggestion__text')?.textContent ?? '';
      expect(suggested).toContain('付款');
      expect(card.querySelector('.suggestion__sources')?.textContent).toContain('付款失败怎么办？');
      fireEvent.click(within(card).getByRole('button', { name: 'Use' }));
      const reply = screen.getByLabelText('Reply to the visitor') as HTMLTextAreaElement;
      await waitFor(() => expect(reply.value).toBe(suggested));
      expect(screen.queryByRole('region', { name: 'Suggested reply' })).toBeNull();
    } finally {
      await server.storage.merchants.update(merchant.id, { settings: merchant.settings });
    }
  }, 40_000);
});
