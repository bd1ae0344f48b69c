import { fireEvent, waitFor } from '@testing-library/preact';
import type { Locale } from '@topay-support/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { type Mounted, mountWidget } from './helpers.js';
import { type SupportServer, startSupportServer } from './support-server.js';

// The help center through the real SDK client against the real server: its search and the demo's articles.
let server: SupportServer;
let current: Mounted | undefined;

beforeAll(async () => {
  server = await startSupportServer();
}, 30_000);
afterAll(() => server.close());
afterEach(() => {
  vi.restoreAllMocks();
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
  sessionStorage.clear();
  localStorage.clear();
});

/**
 * Which help requests left, read from a spy on `fetch` that lets every request through to the server
 * unchanged: the typing pause and the locale are about when and what the widget asks.
 */
function watchHelp() {
  const spy = vi.spyOn(globalThis, 'fetch');
  const urls = () =>
    spy.mock.calls
      .map(([input]) => new URL(input instanceof Request ? input.url : String(input)))
      .filter((url) => url.pathname.startsWith('/v1/help/'));
  const params = (path: string) =>
    urls()
      .filter((url) => url.pathname === path)
      .map((url) => Object.fromEntries(url.searchParams));
  return {
    searches: () => params('/v1/help/search'),
    homes: () => params('/v1/help/home').map((q) => q.locale),
    articles: () =>
      urls()
        .filter((url) => url.pathname.startsWith('/v1/help/articles/'))
        .map((url) => ({
          ref: decodeURIComponent(url.pathname.split('/')[4] ?? ''),
          locale: url.searchParams.get('locale'),
        })),
  };
}

async function setup(locale: Locale = 'en') {
  const calls = watchHelp();
  current = await mountWidget(server.url, { locale });
  return { m: current, calls };
}

/** Waits for `check`: the lazy chunk loads and the server answers for real. */
async function until(_m: Mounted, check: () => unknown) {
  await waitFor(check, { timeout: 5000 });
}

/** An article's views, votes and deflections as the server counts them. */
async function statsOf(locale: Locale, slug: string) {
  const article = (await server.agent.articles(locale)).find((a) => a.slug === slug);
  if (!article) throw new Error(`no article ${slug}`);
  return article.stats;
}

const box = (m: Mounted) => m.ui.getByRole('searchbox') as HTMLInputElement;
const type = (m: Mounted, text: string) => fireEvent.input(box(m), { target: { value: text } });
const results = (m: Mounted) => m.ui.getByRole('list', { name: 'Search results' });
const active = (m: Mounted) => m.shadow.activeElement;

async function openHome(m: Mounted) {
  await m.run((c) => c.open());
  await until(m, () => expect(m.shadow.querySelector('.help-section')).toBeTruthy());
}

describe('home view', () => {
  test('lists popular articles and localised categories; each opens its article with the heading focused', async () => {
    const { m, calls } = await setup('zh-CN');
    await openHome(m);
    expect(calls.homes()).toEqual(['zh-CN']);
    expect(m.ui.getByRole('heading', { name: '热门文章' })).toBeTruthy();
    // The demo's 13 articles in their five categories, each with its count.
    const summaries = Array.from(m.shadow.querySelectorAll('.category summary'), (s) => s.textContent);
    expect(summaries).toEqual(['账户4', '付款6', '退款1', '账户安全1', '客服与支持1']);
    // The three ways to get help stay on the home view.
    expect(m.ui.getByRole('list', { name: '获取帮助的方式' })).toBeTruthy();

    fireEvent.click(m.ui.getAllByRole('button', { name: '付款失败怎么办？' })[0]!);
    await until(m, () => expect(m.ui.getByRole('heading', { name: '付款失败怎么办？' })).toBeTruthy());
    expect(active(m)).toBe(m.ui.getByRole('heading', { name: '付款失败怎么办？' }));
    expect(calls.articles().at(-1)).toEqual({ ref: 'payment-failed', locale: 'zh-CN' });
    expect(m.ui.getByRole('heading', { level: 2, name: '帮助中心' })).toBeTruthy();
  });

  test('searches as the visitor types: after a pause, Chinese from one character, Latin from two', async () => {
    const { m, calls } = await setup('en');
    await openHome(m);
    // Typed without a pause: only the last text is searched, and one Latin letter never is.
    type(m, 'r');
    type(m, 're');
    type(m, 'ref');
    await until(m, () => expect(results(m).textContent).toContain('Refunds: when will I get my money back?'));
    expect(calls.searches().map((c) => [c.q, c.locale])).toEqual([['ref', 'en']]);
    // A match is marked in the snippet, from the server's ranges.
    expect(
      Array.from(results(m).querySelectorAll('mark'), (mark) => mark.textContent?.toLowerCase()),
    ).toContain('refund');
    expect(m.ui.getByRole('status').textContent).toBe('1 article found');
    expect(m.ui.getByRole('status').getAttribute('aria-live')).toBe('polite');

    // Pinyin: nothing is searched while composing, the picked character is.
    fireEvent.input(box(m), { target: { value: 'tui' }, isComposing: true });
    fireEvent.compositionEnd(box(m), { target: { value: '退' } });
    await until(m, () => expect(calls.searches().at(-1)?.q).toBe('退'));
    expect(calls.searches().some((c) => c.q === 'tui')).toBe(false);
  });

  test('no results says so and offers a chat', async () => {
    const { m } = await setup('en');
    await openHome(m);
    type(m, 'zzz');
    await until(m, () =>
      expect(m.shadow.querySelector('.help-empty-title')?.textContent).toBe('No articles match “zzz”.'),
    );
    expect(m.ui.getByRole('status').textContent).toBe('No articles match “zzz”.');
    expect(m.ui.getByText('Try other words, or ask us directly.')).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: 'Chat with us' }));
    await until(m, () => expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('Chat with us'));
  });

  test('keyboard: ArrowDown from the box into the results, Up/Down between them; Back restores query, scroll and focus', async () => {
    const { m } = await setup('en');
    await openHome(m);
    type(m, 'payment');
    await until(m, () => expect(results(m).querySelectorAll('button').length).toBeGreaterThan(2));
    const buttons = Array.from(results(m).querySelectorAll('button'));
    const [first, second] = buttons;
    const last = buttons.at(-1);
    fireEvent.keyDown(box(m), { key: 'ArrowDown' });
    expect(active(m)).toBe(first);
    for (const [i, button] of buttons.entries()) {
      fireEvent.keyDown(button, { key: 'ArrowDown' });
      // The last result keeps focus: there is nothing below it.
      expect(active(m)).toBe(buttons[i + 1] ?? last);
    }
    fireEvent.keyDown(second!, { key: 'ArrowUp' });
    expect(active(m)).toBe(first);
    fireEvent.keyDown(first!, { key: 'ArrowUp' });
    expect(active(m)).toBe(box(m));
    fireEvent.keyDown(box(m), { key: 'ArrowDown' });
    fireEvent.keyDown(first!, { key: 'End' });
    expect(active(m)).toBe(last);

    const body = m.shadow.querySelector<HTMLElement>('.body')!;
    body.scrollTop = 40;
    const title = second?.querySelector('.help-item-title')?.textContent ?? '';
    // Enter on a focused button is a click.
    fireEvent.click(second!);
    await until(m, () => expect(m.ui.getByRole('heading', { name: title })).toBeTruthy());
    expect(active(m)).toBe(m.ui.getByRole('heading', { name: title }));

    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await until(m, () => expect(box(m).value).toBe('payment'));
    const again = results(m).querySelectorAll('button');
    expect(again).toHaveLength(buttons.length);
    expect(active(m)).toBe(again[1]);
    expect(m.shadow.querySelector<HTMLElement>('.body')!.scrollTop).toBe(40);
  });
});

describe('article view', () => {
  test('an article: link opens that article inside the widget; Back walks the trail, then returns home', async () => {
    const { m, calls } = await setup('en');
    await openHome(m);
    fireEvent.click(m.ui.getAllByRole('button', { name: 'Why did my payment fail?' })[0]!);
    await until(m, () => expect(m.shadow.querySelector('.article-body a')).toBeTruthy());
    const link = m.ui.getByRole('link', { name: 'Contact support' });
    // Its public page, for a modified click or a copied link.
    expect(link.getAttribute('href')).toBe(`${server.url}/help/pk_demo/en/contact-support`);
    const click = fireEvent.click(link);
    // Not followed: the article opens in the widget.
    expect(click).toBe(false);
    await until(m, () =>
      expect(m.ui.getByRole('heading', { name: 'How do I contact support?' })).toBeTruthy(),
    );
    expect(calls.articles().at(-1)).toEqual({ ref: 'contact-support', locale: 'en' });

    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await until(m, () =>
      expect(m.ui.getByRole('heading', { name: 'Why did my payment fail?' })).toBeTruthy(),
    );
    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await until(m, () => expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('Topay 演示商店'));
    // Back to the popular article that opened it.
    expect(active(m)?.textContent).toBe('Why did my payment fail?');
  });

  test('“Was this helpful?” takes one vote per article per session, then thanks', async () => {
    const { m } = await setup('zh-CN');
    const before = await statsOf('zh-CN', 'refunds');
    await m.run((c) => c.showArticle('refunds'));
    await until(m, () => expect(m.ui.getByRole('group', { name: '这篇文章有帮助吗？' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: '有帮助' }));
    await until(m, () => expect(active(m)?.textContent).toBe('感谢反馈！'));
    expect(m.ui.queryByRole('button', { name: '没帮助' })).toBeNull();
    await waitFor(async () => expect((await statsOf('zh-CN', 'refunds')).helpful).toBe(before.helpful + 1));

    await m.run((c) => c.showHome());
    await m.run((c) => c.showArticle('refunds'));
    await until(m, () => expect(m.ui.getByText('感谢反馈！')).toBeTruthy());
    expect(m.ui.queryByRole('button', { name: '有帮助' })).toBeNull();
    expect(m.ui.getByText('还需要帮助？')).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: '联系客服' }));
    await until(m, () => expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('联系客服'));
    // Counted once, whatever the visitor clicked since.
    expect((await statsOf('zh-CN', 'refunds')).helpful).toBe(before.helpful + 1);
  });

  test('an article the server converted from the other Chinese script says so; others do not', async () => {
    const { m } = await setup('zh-TW');
    // The demo's Chinese articles are Simplified: a zh-TW reader gets them converted.
    await m.run((c) => c.showArticle('refunds'));
    await until(m, () => expect(m.ui.getByText('本文由簡體中文自動轉換')).toBeTruthy());

    current?.controller.destroy();
    const plain = await setup('zh-CN');
    await plain.m.run((c) => c.showArticle('refunds'));
    await until(plain.m, () => expect(plain.m.shadow.querySelector('.article-body')).toBeTruthy());
    expect(plain.m.ui.queryByText('本文由繁体中文自动转换')).toBeNull();
    expect(plain.m.ui.queryByText('本文由簡體中文自動轉換')).toBeNull();
  });

  test('an unknown article says so', async () => {
    const { m } = await setup('en');
    await m.run((c) => c.showArticle('no-such-article'));
    await until(m, () => expect(m.ui.getByText('This article isn’t available.')).toBeTruthy());
  });
});

describe('commands and locale', () => {
  test('showArticle opens the panel on the article; searchHelp opens home with the query searched at once', async () => {
    const { m, calls } = await setup('en');
    await m.run((c) => c.showArticle('forgot-password'));
    await until(m, () => expect(m.ui.getByRole('heading', { name: 'I forgot my password' })).toBeTruthy());
    expect(m.events.map((e) => e.event)).toContain('open');
    expect(active(m)).toBe(m.ui.getByRole('heading', { name: 'I forgot my password' }));

    await m.run((c) => c.searchHelp('password'));
    // No typing pause for a command: the request has left by the time the command returns.
    expect(calls.searches().map((c) => c.q)).toEqual(['password']);
    expect(box(m).value).toBe('password');
    await until(m, () => expect(results(m).textContent).toContain('I forgot my password'));
    expect(active(m)).toBe(box(m));
  });

  test('setLocale refreshes the home lists and searches again in the new locale', async () => {
    const { m, calls } = await setup('en');
    await openHome(m);
    expect(m.ui.getByRole('heading', { name: 'Popular articles' })).toBeTruthy();
    await m.run((c) => c.setLocale('zh-CN'));
    await until(m, () => expect(m.ui.getByRole('heading', { name: '热门文章' })).toBeTruthy());
    await until(m, () =>
      expect(m.ui.getAllByRole('button', { name: '付款失败怎么办？' }).length).toBeGreaterThan(0),
    );
    expect(calls.homes()).toEqual(['en', 'zh-CN']);
    type(m, '退款');
    await until(m, () => expect(calls.searches().at(-1)).toMatchObject({ q: '退款', locale: 'zh-CN' }));
    await until(m, () =>
      expect(m.ui.getByRole('list', { name: '搜索结果' }).textContent).toContain('退款多久到账？'),
    );
  });
});

describe('chat deflection', () => {
  async function firstMessage() {
    await server.agent.online();
    const setupResult = await setup('en');
    const { m } = setupResult;
    await m.run((c) => c.startChat());
    await until(m, () => expect(m.ui.getByRole('button', { name: 'A payment problem' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: 'A payment problem' }));
    await until(m, () => expect(m.ui.getByRole('textbox', { name: 'Message' })).toBeTruthy());
    return setupResult;
  }
  const composer = (m: Mounted) => m.ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  const write = (m: Mounted, text: string) => fireEvent.input(composer(m), { target: { value: text } });

  test('suggests up to three articles for a first message; opening one records a deflection and keeps the text', async () => {
    const { m, calls } = await firstMessage();
    const before = await statsOf('en', 'payment-failed');
    // Typed without a pause: only the last text is searched.
    write(m, 'pay');
    write(m, 'payment');
    await until(m, () =>
      expect(m.ui.getByRole('list', { name: 'These articles might answer your question' })).toBeTruthy(),
    );
    expect(calls.searches()).toEqual([expect.objectContaining({ q: 'payment', locale: 'en', limit: '3' })]);
    expect(m.shadow.querySelectorAll('.suggest li')).toHaveLength(3);
    const suggestion = m.ui.getByRole('button', { name: 'Why did my payment fail?' });
    fireEvent.click(suggestion);
    await until(m, () =>
      expect(m.ui.getByRole('heading', { name: 'Why did my payment fail?' })).toBeTruthy(),
    );
    await waitFor(async () =>
      expect((await statsOf('en', 'payment-failed')).deflections).toBe(before.deflections + 1),
    );

    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await until(m, () => expect(composer(m).value).toBe('payment'));
    expect(active(m)?.textContent).toBe('Why did my payment fail?');
  });

  test('sending ignores the suggestions, and later messages get none', async () => {
    const { m, calls } = await firstMessage();
    write(m, 'a payment');
    await until(m, () => expect(m.ui.getByRole('button', { name: 'Why did my payment fail?' })).toBeTruthy());
    const before = await statsOf('en', 'payment-failed');
    fireEvent.submit(composer(m).form!);
    await until(m, () => expect(m.shadow.querySelector('.suggest')?.childElementCount).toBe(0));
    const searches = calls.searches().length;
    write(m, 'payment again');
    fireEvent.submit(composer(m).form!);
    // Both messages reached the agent, and no suggestion came back meanwhile.
    const started = m.events.find((e) => e.event === 'chatStarted')?.args[0] as { conversationId: string };
    const id = started.conversationId;
    await waitFor(async () =>
      expect((await server.agent.messages(id)).map((message) => message.text)).toEqual([
        'a payment',
        'payment again',
      ]),
    );
    expect(m.shadow.querySelector('.suggest')?.childElementCount).toBe(0);
    expect(calls.searches()).toHaveLength(searches);
    expect((await statsOf('en', 'payment-failed')).deflections).toBe(before.deflections);
  });
});
