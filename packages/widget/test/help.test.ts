import { fireEvent } from '@testing-library/preact';
import type { HelpArticle, Locale } from '@topay-support/protocol';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeClient } from './fake-chat.js';
import { ARTICLES, fakeHelp } from './fake-help.js';
import { demoConfig, type Mounted, mount } from './helpers.js';

let current: Mounted | undefined;
afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.body.replaceChildren();
  sessionStorage.clear();
});

async function setup(locale: Locale = 'en', help = fakeHelp()) {
  const fake = fakeClient(null, help);
  current = await mount({ locale }, demoConfig(), fake.client);
  return { m: current, ...fake, calls: help.calls, answers: help.state };
}

/** Waits for `check` (the lazy chunk loads for real; searches wait for the typing pause), then lets renders settle. */
async function until(m: Mounted, check: () => void) {
  await vi.waitFor(check, { timeout: 3000 });
  for (let i = 0; i < 3; i++) await m.flush();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
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
    expect(calls.home).toEqual(['zh-CN']);
    expect(m.ui.getByRole('heading', { name: '热门文章' })).toBeTruthy();
    const summaries = Array.from(m.shadow.querySelectorAll('.category summary'), (s) => s.textContent);
    expect(summaries).toEqual(['付款1', '退款1', '账户1']);
    // The three ways to get help stay on the home view.
    expect(m.ui.getByRole('list', { name: '获取帮助的方式' })).toBeTruthy();

    fireEvent.click(m.ui.getAllByRole('button', { name: '付款不成功怎么办' })[0]!);
    await until(m, () => expect(m.ui.getByRole('heading', { name: '付款不成功怎么办' })).toBeTruthy());
    expect(active(m)).toBe(m.ui.getByRole('heading', { name: '付款不成功怎么办' }));
    expect(calls.article.at(-1)).toEqual({ ref: 'payment-failed', locale: 'zh-CN' });
    expect(m.ui.getByRole('heading', { level: 2, name: '帮助中心' })).toBeTruthy();
  });

  test('searches as the visitor types: after a pause, stale requests aborted, Chinese from one character, Latin from two', async () => {
    const { m, calls, answers } = await setup('en');
    await openHome(m);
    type(m, 'r');
    await sleep(300);
    expect(calls.search).toEqual([]);

    type(m, 're');
    type(m, 'ref');
    await until(m, () => expect(calls.search.map((c) => c.q)).toEqual(['ref']));
    expect(calls.search[0]?.locale).toBe('en');

    // A search still in flight is aborted by the next keystroke's.
    answers.searchDelay = 150;
    type(m, 'payment');
    await until(m, () => expect(calls.search).toHaveLength(2));
    type(m, 'refund');
    await until(m, () => expect(calls.search).toHaveLength(3));
    expect(calls.search[1]?.signal?.aborted).toBe(true);
    await until(m, () => expect(results(m).querySelectorAll('li')).toHaveLength(2));
    answers.searchDelay = 0;

    // Pinyin: nothing is searched while composing, the picked characters are.
    fireEvent.input(box(m), { target: { value: 'tui' }, isComposing: true });
    fireEvent.compositionEnd(box(m), { target: { value: '退' } });
    await until(m, () => expect(calls.search.at(-1)?.q).toBe('退'));
    expect(calls.search.some((c) => c.q === 'tui')).toBe(false);
  });

  test('a result is its title and snippet, matches in <mark> from the ranges; markup in a snippet stays text', async () => {
    const { m, answers } = await setup('en');
    const snippet = 'Never paste <img src=x onerror=alert(1)> into a refund form. Refund later.';
    answers.searchAnswer = () => [
      {
        id: 'a1',
        slug: 'refunds',
        title: 'How refunds work',
        snippet,
        // Out of order, and one past the end: both still render the text in full.
        highlights: [
          [snippet.indexOf('Refund'), snippet.indexOf('Refund') + 6],
          [snippet.indexOf('refund'), snippet.indexOf('refund') + 6],
          [70, 999],
        ],
        category: 'refunds',
      },
    ];
    await openHome(m);
    type(m, 'refund');
    await until(m, () => expect(results(m).querySelectorAll('li')).toHaveLength(1));
    const item = results(m).querySelector('.help-item')!;
    expect(item.querySelector('.help-item-title')?.textContent).toBe('How refunds work');
    expect(item.querySelector('.snippet')?.textContent).toBe(snippet);
    expect(Array.from(item.querySelectorAll('mark'), (mark) => mark.textContent)).toEqual([
      'refund',
      'Refund',
      snippet.slice(70),
    ]);
    expect(m.shadow.querySelector('img')).toBeNull();
    expect(m.ui.getByRole('status').textContent).toBe('1 article found');
    expect(m.ui.getByRole('status').getAttribute('aria-live')).toBe('polite');
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
    type(m, 'refund');
    await until(m, () => expect(results(m).querySelectorAll('button')).toHaveLength(2));
    const [first, second] = Array.from(results(m).querySelectorAll('button'));
    fireEvent.keyDown(box(m), { key: 'ArrowDown' });
    expect(active(m)).toBe(first);
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(active(m)).toBe(second);
    fireEvent.keyDown(second!, { key: 'ArrowDown' });
    expect(active(m)).toBe(second);
    fireEvent.keyDown(second!, { key: 'ArrowUp' });
    expect(active(m)).toBe(first);
    fireEvent.keyDown(first!, { key: 'ArrowUp' });
    expect(active(m)).toBe(box(m));
    fireEvent.keyDown(box(m), { key: 'ArrowDown' });
    fireEvent.keyDown(first!, { key: 'End' });
    expect(active(m)).toBe(second);

    const body = m.shadow.querySelector<HTMLElement>('.body')!;
    body.scrollTop = 40;
    // Enter on a focused button is a click.
    fireEvent.click(second!);
    await until(m, () => expect(m.ui.getByRole('heading', { name: 'How refunds work' })).toBeTruthy());
    expect(active(m)).toBe(m.ui.getByRole('heading', { name: 'How refunds work' }));

    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await m.flush();
    expect(box(m).value).toBe('refund');
    const again = results(m).querySelectorAll('button');
    expect(again).toHaveLength(2);
    expect(active(m)).toBe(again[1]);
    expect(m.shadow.querySelector<HTMLElement>('.body')!.scrollTop).toBe(40);
  });
});

describe('article view', () => {
  const hostile: HelpArticle = {
    ...ARTICLES[0]!,
    html:
      '<h2 onclick="alert(1)">Steps</h2><p style="color:red" class="x">Hello <span>kept text</span></p>' +
      '<img src=x onerror=alert(1)><script>alert(1)</script><iframe src="https://evil.example"></iframe>' +
      '<p><a href="javascript:alert(1)">bad</a> <a href="article:refunds">how refunds work</a> ' +
      '<a href="https://bank.example/help">your bank</a> <a href="mailto:help@shop.example">mail</a></p>',
  };

  test('keeps only the safe subset: a disallowed element or attribute is dropped, its text kept', async () => {
    const help = fakeHelp([hostile, ...ARTICLES.slice(1)]);
    const { m } = await setup('en', help);
    await m.run((c) => c.showArticle('payment-failed'));
    await until(m, () => expect(m.shadow.querySelector('.article-body h2')).toBeTruthy());
    const body = m.shadow.querySelector('.article-body')!;
    expect(body.querySelectorAll('img, script, iframe, span, [style], [class], [onclick]')).toHaveLength(0);
    expect(body.textContent).toContain('Hello kept text');
    const links = Array.from(body.querySelectorAll('a'), (a) => [
      a.textContent,
      a.getAttribute('href'),
      a.getAttribute('target'),
      a.getAttribute('rel'),
    ]);
    expect(links).toEqual([
      ['bad', null, null, null],
      ['how refunds work', 'https://support.test/help/pk_test/en/refunds', null, null],
      ['your bank', 'https://bank.example/help', '_blank', 'noopener noreferrer'],
      ['mail', 'mailto:help@shop.example', null, null],
    ]);
  });

  test('an article: link opens that article inside the widget; Back walks the trail, then returns home', async () => {
    const { m, calls } = await setup('en');
    await openHome(m);
    fireEvent.click(m.ui.getAllByRole('button', { name: 'What to do when a payment fails' })[0]!);
    await until(m, () => expect(m.shadow.querySelector('.article-body a')).toBeTruthy());
    const link = m.ui.getByRole('link', { name: 'how refunds work' });
    const click = fireEvent.click(link);
    // Not followed: the article opens in the widget.
    expect(click).toBe(false);
    await until(m, () => expect(m.ui.getByRole('heading', { name: 'How refunds work' })).toBeTruthy());
    expect(calls.article.at(-1)).toEqual({ ref: 'refunds', locale: 'en' });

    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await until(m, () =>
      expect(m.ui.getByRole('heading', { name: 'What to do when a payment fails' })).toBeTruthy(),
    );
    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await m.flush();
    expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('Demo Shop');
    // Back to the popular article that opened it.
    expect(active(m)?.textContent).toBe('What to do when a payment fails');
  });

  test('“Was this helpful?” takes one vote per article per session, then thanks', async () => {
    const { m, calls } = await setup('zh-CN');
    await m.run((c) => c.showArticle('refunds'));
    await until(m, () => expect(m.ui.getByRole('group', { name: '这篇文章有帮助吗？' })).toBeTruthy());
    fireEvent.click(m.ui.getByRole('button', { name: '有帮助' }));
    await m.flush();
    expect(calls.votes).toEqual([['zh-CN-refunds', true]]);
    expect(m.ui.queryByRole('button', { name: '没帮助' })).toBeNull();
    expect(active(m)?.textContent).toBe('感谢反馈！');

    await m.run((c) => c.showHome());
    await m.run((c) => c.showArticle('refunds'));
    await m.flush();
    expect(m.ui.getByText('感谢反馈！')).toBeTruthy();
    expect(m.ui.queryByRole('button', { name: '有帮助' })).toBeNull();
    expect(calls.votes).toHaveLength(1);
    expect(m.ui.getByText('还需要帮助？')).toBeTruthy();
    fireEvent.click(m.ui.getByRole('button', { name: '联系客服' }));
    await until(m, () => expect(m.ui.getByRole('heading', { level: 2 }).textContent).toBe('联系客服'));
  });

  test('an article the server converted from the other Chinese script says so; others do not', async () => {
    const simplified = ARTICLES.find((a) => a.locale === 'zh-CN')!;
    const converted: HelpArticle = { ...simplified, locale: 'zh-TW', convertedFrom: 'zh-CN' };
    const { m } = await setup('zh-TW', fakeHelp([converted]));
    await m.run((c) => c.showArticle(simplified.slug));
    await until(m, () => expect(m.ui.getByText('本文由簡體中文自動轉換')).toBeTruthy());

    current?.controller.destroy();
    const plain = await setup('zh-CN', fakeHelp([simplified]));
    await plain.m.run((c) => c.showArticle(simplified.slug));
    await until(plain.m, () => expect(plain.m.shadow.querySelector('.article-body')).toBeTruthy());
    expect(plain.m.ui.queryByText('本文由繁体中文自动转换')).toBeNull();
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
    await m.flush();
    // No typing pause for a command.
    expect(calls.search.map((c) => c.q)).toEqual(['password']);
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
      expect(m.ui.getAllByRole('button', { name: '付款不成功怎么办' }).length).toBeGreaterThan(0),
    );
    expect(calls.home).toEqual(['en', 'zh-CN']);
    type(m, '退款');
    await until(m, () => expect(calls.search.at(-1)).toMatchObject({ q: '退款', locale: 'zh-CN' }));
  });
});

describe('chat deflection', () => {
  async function firstMessage() {
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
    write(m, 'pay');
    await sleep(400);
    expect(calls.search).toEqual([]);

    write(m, 'payment');
    await until(m, () =>
      expect(m.ui.getByRole('list', { name: 'These articles might answer your question' })).toBeTruthy(),
    );
    expect(calls.search.at(-1)).toMatchObject({ q: 'payment', locale: 'en', limit: 3 });
    const suggestion = m.ui.getByRole('button', { name: 'What to do when a payment fails' });
    fireEvent.click(suggestion);
    await until(m, () =>
      expect(m.ui.getByRole('heading', { name: 'What to do when a payment fails' })).toBeTruthy(),
    );
    expect(calls.deflections).toEqual(['en-payment-failed']);

    fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
    await until(m, () => expect(composer(m).value).toBe('payment'));
    expect(active(m)?.textContent).toBe('What to do when a payment fails');
  });

  test('sending ignores the suggestions, and later messages get none', async () => {
    const { m, state, calls } = await firstMessage();
    write(m, 'a payment');
    await until(m, () =>
      expect(m.ui.getByRole('button', { name: 'What to do when a payment fails' })).toBeTruthy(),
    );
    fireEvent.submit(composer(m).form!);
    await m.flush();
    expect(state.current?.sent).toEqual(['a payment']);
    expect(m.shadow.querySelector('.suggest')?.childElementCount).toBe(0);
    const searches = calls.search.length;
    write(m, 'payment again');
    await sleep(400);
    expect(calls.search).toHaveLength(searches);
    expect(m.shadow.querySelector('.suggest')?.childElementCount).toBe(0);
    expect(calls.deflections).toEqual([]);
  });
});
