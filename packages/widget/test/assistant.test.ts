// The widget's side of the assistant (docs/assistant.md) against a real server: the real SDK client, the real
// demo articles and the built-in answerer, nobody signed in to the console (so nobody is online).
import { act, fireEvent, waitFor, within } from '@testing-library/preact';
import type { EmitWidgetEvent, WidgetController } from '@topay-support/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createWidget } from '../src/widget.js';
import { type SupportServer, startSupportServer } from './support-server.js';

let server: SupportServer;
let modelServer: SupportServer | undefined;
let widget: WidgetController | undefined;

beforeAll(async () => {
  server = await startSupportServer({ assistant: 'first' });
}, 30_000);
afterAll(async () => {
  await server.close();
  await modelServer?.close();
});
afterEach(() => {
  widget?.destroy();
  widget = undefined;
  localStorage.clear();
  sessionStorage.clear();
  document.body.replaceChildren();
});

async function start(url = server.url) {
  const events: Array<{ event: string; args: unknown[] }> = [];
  const onEvent: EmitWidgetEvent = (event, ...args) => events.push({ event, args });
  await act(() => {
    widget = createWidget({ merchantKey: 'pk_demo', serverUrl: url, locale: 'zh-CN', onEvent });
  });
  await waitFor(() => expect(events.some((e) => e.event === 'ready')).toBe(true), { timeout: 5000 });
  const shadow = document.querySelector('topay-support')?.shadowRoot;
  if (!shadow) throw new Error('not mounted');
  const ui = within(shadow as unknown as HTMLElement);
  return { events, shadow, ui };
}

const LONG = { timeout: 10_000 };

/** The page again: a new widget over the same browser storage, its chat shown. */
async function reload() {
  widget?.destroy();
  document.body.replaceChildren();
  const page = await start();
  await act(() => widget?.startChat());
  return page;
}

describe('the assistant in the widget, nobody online', () => {
  test('answers instead of the offline form: named and marked, its sources open the article, votes change, a person takes an email', async () => {
    const { events, shadow, ui } = await start();
    await act(() => widget?.startChat('付款失败了怎么办'));
    fireEvent.click(await ui.findByRole('button', { name: '支付问题' }, LONG));

    // Nobody is online, yet the chat opens: the assistant answers first.
    const reply = await waitFor(() => {
      const li = shadow.querySelector<HTMLElement>('li.msg.bot:not([aria-busy])');
      if (!li) throw new Error('no assistant reply yet');
      return li;
    }, LONG);
    expect(ui.queryByText('客服暂时不在线')).toBeNull();
    const r = within(reply);
    expect(reply.querySelector('.author')?.textContent).toBe('Topay 助手 智能助手');
    const source = r.getByRole('button', { name: '付款失败怎么办？' });
    expect(source.closest('ul')?.getAttribute('aria-labelledby')).toBeTruthy();
    expect(r.getByText('参考文章：')).toBeTruthy();
    // Its text sets its own direction: an English reply reads left to right in the Arabic panel too.
    expect(reply.querySelector('.bubble')?.getAttribute('dir')).toBe('auto');

    // Bot replies are `message` events (docs/script-tag.md) and are announced once, whole.
    const messages = events.filter((e) => e.event === 'message').map((e) => e.args[0]);
    expect(messages).toEqual([
      expect.objectContaining({
        author: { type: 'bot', name: 'Topay 助手' },
        text: expect.stringContaining('付款'),
      }),
    ]);
    expect(shadow.querySelector('[aria-live="polite"]')?.textContent).toMatch(/^Topay 助手：/);

    // One vote, changeable; the server keeps the last one.
    const up = r.getByRole('button', { name: '有帮助' });
    const down = r.getByRole('button', { name: '没帮助' });
    expect([up.getAttribute('aria-pressed'), down.getAttribute('aria-pressed')]).toEqual(['false', 'false']);
    fireEvent.click(down);
    await waitFor(() => expect(down.getAttribute('aria-pressed')).toBe('true'));
    await waitFor(async () => expect((await server.report()).notHelpful).toBe(1), LONG);
    fireEvent.click(up);
    await waitFor(() => expect(up.getAttribute('aria-pressed')).toBe('true'));
    expect(down.getAttribute('aria-pressed')).toBe('false');
    await waitFor(
      async () => expect(await server.report()).toMatchObject({ helpful: 1, notHelpful: 0 }),
      LONG,
    );

    // The source opens the article inside the widget; Back returns to the chat.
    fireEvent.click(source);
    expect(await ui.findByRole('heading', { name: '付款失败怎么办？' }, LONG)).toBeTruthy();
    fireEvent.click(ui.getByRole('button', { name: '返回' }));
    await waitFor(() => expect(shadow.querySelector('li.msg.bot')).toBeTruthy());

    // "Talk to a person": nobody is online, so the widget takes an email, and the agent gets it all.
    const started = events.find((e) => e.event === 'chatStarted')?.args[0] as { conversationId: string };
    fireEvent.click(ui.getByRole('button', { name: '转人工客服' }));
    expect(await ui.findByRole('heading', { name: '客服暂时不在线' }, LONG)).toBeTruthy();
    expect(ui.queryByLabelText('你的问题')).toBeNull();

    // A reload before the email is left asks again: the server knows no email to answer by.
    let page = await reload();
    expect(await page.ui.findByRole('heading', { name: '客服暂时不在线' }, LONG)).toBeTruthy();
    fireEvent.input(page.ui.getByLabelText('邮箱'), { target: { value: 'night-owl@example.com' } });
    fireEvent.click(page.ui.getByRole('button', { name: '提交留言' }));
    expect(await page.ui.findByText('你留言时客服不在线，我们会通过邮件回复你。', {}, LONG)).toBeTruthy();
    expect(page.ui.queryByRole('button', { name: '转人工客服' })).toBeNull();

    // Another reload: the conversation, not the form, and the vote the server kept still pressed.
    page = await reload();
    const kept = await page.ui.findByRole('button', { name: '有帮助' }, LONG);
    expect(kept.getAttribute('aria-pressed')).toBe('true');
    expect(page.ui.queryByRole('heading', { name: '客服暂时不在线' })).toBeNull();
    expect(await server.agent.conversation(started.conversationId)).toMatchObject({
      assistant: 'handed_off',
      handoff: { reason: 'visitor_asked' },
      offline: true,
      visitor: { email: 'night-owl@example.com' },
    });
  }, 40_000);

  test('a complaint goes to people: with nobody online, the offline form', async () => {
    const { ui } = await start();
    await act(() => widget?.startChat());
    fireEvent.click(await ui.findByRole('button', { name: '投诉' }, LONG));
    expect(await ui.findByRole('heading', { name: '客服暂时不在线' }, LONG)).toBeTruthy();
    expect(ui.getByLabelText('你的问题')).toBeTruthy();
  }, 20_000);
});

describe('the assistant in the widget, with a model that streams', () => {
  test('the reply grows in place without being announced, then the stored reply replaces it and is announced once', async () => {
    modelServer = await startSupportServer({ model: true });
    const chunks = ['付款失败不会扣款', '，请先检查余额和限额', '，或者换一张卡再试。', '[[payment-failed]]'];
    modelServer.nextModelReply(chunks, 400);
    const { shadow, ui } = await start(modelServer.url);
    await act(() => widget?.startChat('付款失败了怎么办'));
    fireEvent.click(await ui.findByRole('button', { name: '支付问题' }, LONG));

    const live = () => shadow.querySelector('[aria-live="polite"]')?.textContent ?? '';
    const draft = await waitFor(() => {
      const li = shadow.querySelector<HTMLElement>('li.msg.bot[aria-busy="true"]');
      if (!li?.textContent?.includes('付款失败不会扣款'))
        throw new Error(`no draft yet: ${shadow.querySelector('.chat-body')?.textContent}`);
      return li;
    }, LONG);
    expect(draft.querySelector('.bot-tag')?.textContent).toBe('智能助手');
    // Growing text is not read out token by token.
    expect(live()).not.toContain('付款失败不会扣款');

    await waitFor(() => expect(shadow.querySelector('li.msg.bot[aria-busy]')).toBeNull(), LONG);
    const replies = shadow.querySelectorAll('li.msg.bot');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.querySelector('.bubble')?.textContent).toBe(
      '付款失败不会扣款，请先检查余额和限额，或者换一张卡再试。',
    );
    expect(within(replies[0] as HTMLElement).getByRole('button', { name: '付款失败怎么办？' })).toBeTruthy();
    expect(live()).toBe('Topay 助手：付款失败不会扣款，请先检查余额和限额，或者换一张卡再试。');
  }, 40_000);
});
