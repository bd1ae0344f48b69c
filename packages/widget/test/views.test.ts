import { fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { demoConfig, type Mounted, mount } from './helpers.js';

let current: Mounted | undefined;
async function setup(...args: Parameters<typeof mount>): Promise<Mounted> {
  current = await mount(...args);
  return current;
}

afterEach(() => {
  current?.controller.destroy();
  current = undefined;
  document.documentElement.lang = '';
});

const title = (m: Mounted) => m.ui.getByRole('heading', { level: 2 }).textContent;

describe('home view', () => {
  test('shows the merchant, the greeting for the locale, the search box and three entries', async () => {
    const m = await setup({ locale: 'en' });
    await m.run((c) => c.open());
    expect(title(m)).toBe('Demo Shop');
    expect(m.ui.getByText('Hello from Demo Shop')).toBeTruthy();
    expect(m.ui.getByRole('search')).toBeTruthy();
    const entries = m.ui.getByRole('list', { name: 'Ways to get help' });
    expect(Array.from(entries.querySelectorAll('.entry-title'), (e) => e.textContent)).toEqual([
      'Help center',
      'Check a payment',
      'Chat with us',
    ]);
  });

  test('falls back to a default greeting when the merchant has none for the locale', async () => {
    const m = await setup({ locale: 'en' }, demoConfig({ greeting: { 'zh-CN': '你好' } }));
    await m.run((c) => c.open());
    expect(m.ui.getByText('Hi! How can we help you today?')).toBeTruthy();
  });

  test('without a help backend, submitting an empty search box opens the help view, which says so', async () => {
    const m = await setup();
    await m.run((c) => c.open());
    const box = m.ui.getByRole('searchbox', { name: 'Search help articles' }) as HTMLInputElement;
    fireEvent.submit(box.form as HTMLFormElement);
    await m.flush();
    expect(title(m)).toBe('Help center');
    expect(m.ui.getByText('Help articles aren’t available yet.')).toBeTruthy();
    // A sub-view takes focus on its title, so screen readers announce where the visitor is.
    expect(m.shadow.activeElement).toBe(m.ui.getByRole('heading', { level: 2 }));
  });

  test('each entry leads to its view, and Back returns home', async () => {
    const m = await setup();
    await m.run((c) => c.open());
    const views: Array<[string, string, string]> = [
      ['Help center', 'Help center', 'Help articles aren’t available yet.'],
      ['Check a payment', 'Check a payment', 'Payment lookup isn’t available yet.'],
      ['Chat with us', 'Chat with us', 'Live chat isn’t available yet.'],
    ];
    for (const [entry, heading, notice] of views) {
      fireEvent.click(m.ui.getByRole('button', { name: new RegExp(`^${entry}`) }));
      await m.flush();
      expect(title(m)).toBe(heading);
      expect(m.ui.getByText(notice)).toBeTruthy();
      fireEvent.click(m.ui.getByRole('button', { name: 'Back' }));
      await m.flush();
      expect(title(m)).toBe('Demo Shop');
      expect(m.shadow.activeElement).toBe(m.ui.getByRole('searchbox'));
    }
  });
});

describe('commands', () => {
  test('showArticle, searchHelp, checkPayment and startChat open the panel on their view with the argument', async () => {
    const m = await setup();
    await m.run((c) => c.showArticle('payment-failed'));
    expect(m.ui.getByRole('dialog')).toBeTruthy();
    expect(title(m)).toBe('Help center');
    expect(m.ui.getByText('Help articles aren’t available yet.')).toBeTruthy();

    await m.run((c) => c.searchHelp('forgot password'));
    expect(title(m)).toBe('Demo Shop');
    expect((m.ui.getByRole('searchbox') as HTMLInputElement).value).toBe('forgot password');

    await m.run((c) => c.checkPayment('demo-failed'));
    expect(title(m)).toBe('Check a payment');
    expect(m.ui.getByText('Payment reference: demo-failed')).toBeTruthy();

    await m.run((c) => c.checkPayment());
    expect(m.ui.queryByText(/Payment reference/)).toBeNull();

    await m.run((c) => c.startChat('My payment failed'));
    expect(title(m)).toBe('Chat with us');
    // The draft is content inside the sentence: a <bdi> of its own, so match the whole element's text.
    expect(
      m.ui.getByText((_, el) => el?.textContent === 'Your message (not sent): My payment failed'),
    ).toBeTruthy();

    await m.run((c) => c.showHome());
    expect(title(m)).toBe('Demo Shop');
    expect(m.events.filter((e) => e.event === 'open')).toHaveLength(1);
  });

  test('a command on a closed panel opens it and moves focus into the view', async () => {
    const m = await setup();
    await m.run((c) => c.checkPayment('demo-pending'));
    expect(m.shadow.activeElement).toBe(m.ui.getByRole('heading', { level: 2 }));
  });
});

describe('locale', () => {
  test('init’s locale wins; setLocale switches every text and the lang attributes at run time', async () => {
    const m = await setup({ locale: 'zh-CN' });
    const launcher = m.ui.getByRole('button', { name: '打开客服' });
    expect(launcher.lang).toBe('zh-CN');
    await m.run((c) => c.open());
    expect(m.ui.getByRole('dialog').lang).toBe('zh-CN');
    expect(m.ui.getByText('欢迎光临 Demo Shop')).toBeTruthy();
    expect(m.ui.getByRole('searchbox', { name: '搜索帮助文章' })).toBeTruthy();
    expect(m.ui.getByText('查询付款')).toBeTruthy();

    await m.run((c) => c.setLocale('en'));
    await m.flush(); // English arrives as a lazy chunk
    expect(m.ui.getByRole('dialog').lang).toBe('en');
    expect(m.ui.getByRole('button', { name: 'Open support' }).lang).toBe('en');
    expect(m.ui.getByText('Hello from Demo Shop')).toBeTruthy();
    expect(m.ui.getByRole('searchbox', { name: 'Search help articles' })).toBeTruthy();

    await m.run((c) => c.startChat());
    await m.run((c) => c.setLocale('zh-CN'));
    expect(title(m)).toBe('联系客服');
    expect(m.ui.getByText('在线客服暂未开放。')).toBeTruthy();
  });

  test('without init’s locale, the page’s <html lang> decides', async () => {
    document.documentElement.lang = 'zh-Hans-CN';
    const m = await setup();
    expect(m.ui.getByRole('button', { name: '打开客服' })).toBeTruthy();
  });

  test('with nothing to go on, the merchant’s default locale applies once the settings arrive', async () => {
    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages');
    const language = Object.getOwnPropertyDescriptor(Navigator.prototype, 'language');
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['fr-FR'] });
    Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'fr-FR' });
    try {
      const m = await setup({}, demoConfig({ defaultLocale: 'en' }));
      expect(m.ui.getByRole('button', { name: 'Open support' })).toBeTruthy();
    } finally {
      Reflect.deleteProperty(navigator, 'languages');
      Reflect.deleteProperty(navigator, 'language');
      if (languages) Object.defineProperty(Navigator.prototype, 'languages', languages);
      if (language) Object.defineProperty(Navigator.prototype, 'language', language);
    }
  });
});

describe('settings that fail to load', () => {
  test('the launcher still works and the panel offers a retry that recovers', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let fail = true;
    const m = await setup({}, () =>
      fail ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve(demoConfig()),
    );
    expect(m.events.map((e) => e.event)).toEqual(['error']);
    expect(m.events[0]?.args[0]).toMatchObject({ code: 'network_error' });

    fireEvent.click(m.ui.getByRole('button', { name: 'Open support' }));
    await m.flush();
    expect(m.ui.getByRole('alert').textContent).toContain('Can’t connect to support');
    const retry = m.ui.getByRole('button', { name: 'Try again' });
    expect(m.shadow.activeElement).toBe(retry);

    fail = false;
    fireEvent.click(retry);
    await m.flush();
    expect(title(m)).toBe('Demo Shop');
    expect(m.shadow.activeElement).toBe(m.ui.getByRole('searchbox'));
    expect(m.events.map((e) => e.event)).toEqual(['error', 'open', 'ready']);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
