// Issue #6 "Embedding": lazy locales, RTL, and the merchant's home-view settings.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openingState } from '../src/features/home/hours.js';
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

describe('locales', () => {
  test('setLocale("ar") loads the Arabic strings, then mirrors: dir=rtl and the launcher on the other side', async () => {
    const m = await setup({ locale: 'zh-CN' });
    await m.run((c) => c.open());
    expect(m.ui.getByRole('dialog').getAttribute('dir')).toBe('ltr');
    expect(m.host.dataset.position).toBe('right');
    await m.run((c) => c.setLocale('ar'));
    await m.flush();
    const dialog = m.ui.getByRole('dialog');
    expect([dialog.lang, dialog.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(m.ui.getByRole('button', { name: 'فتح الدعم' }).getAttribute('dir')).toBe('rtl');
    expect(m.ui.getByRole('searchbox', { name: 'البحث في مقالات المساعدة' })).toBeTruthy();
    expect(m.host.dataset.position).toBe('left');
    await m.run((c) => c.setLocale('zh-TW'));
    await m.flush();
    expect(m.ui.getByRole('dialog').getAttribute('dir')).toBe('ltr');
    expect(m.ui.getByText('查詢付款')).toBeTruthy();
    expect(m.host.dataset.position).toBe('right');
  });

  test('an explicit init position is not mirrored', async () => {
    const m = await setup({ locale: 'ar', position: 'right' });
    expect(m.host.dataset.position).toBe('right');
    expect(m.ui.getByRole('button', { name: 'فتح الدعم' })).toBeTruthy();
  });

  test('while a locale chunk loads, the current language stays whole (no raw keys, no mix)', async () => {
    const m = await setup({ locale: 'zh-CN' });
    await m.run((c) => c.open());
    await m.run((c) => c.setLocale('en'));
    // Before the chunk's promise settles: still entirely Chinese.
    expect(m.ui.getByRole('dialog').lang).toBe('zh-CN');
    expect(m.ui.getByText('查询付款')).toBeTruthy();
    await m.flush();
    expect(m.ui.getByText('Check a payment')).toBeTruthy();
  });

  test('detection order: init, then <html lang>, then the browser, then the merchant default', async () => {
    const languages = vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-HK']);
    try {
      document.documentElement.lang = 'ar';
      let m = await setup({ locale: 'en' }, demoConfig({ defaultLocale: 'zh-CN' }));
      expect(m.ui.getByRole('button', { name: 'Open support' })).toBeTruthy();
      m.controller.destroy();
      m = await setup({}, demoConfig({ defaultLocale: 'en' }));
      expect(m.ui.getByRole('button', { name: 'فتح الدعم' })).toBeTruthy();
      m.controller.destroy();
      document.documentElement.lang = '';
      m = await setup({}, demoConfig({ defaultLocale: 'en' }));
      expect(m.ui.getByRole('button', { name: '開啟客服' })).toBeTruthy();
    } finally {
      languages.mockRestore();
    }
  });
});

describe('merchant settings on the home view', () => {
  test('logo (https only), contact channels as safe links, WeChat as text', async () => {
    const m = await setup(
      { locale: 'en' },
      demoConfig({
        logoUrl: 'https://cdn.example/logo.svg',
        contactChannels: [
          { kind: 'phone', value: '400-820-8820' },
          { kind: 'email', value: 'support@topay.example' },
          { kind: 'wechat', value: 'TopayDemo' },
          { kind: 'url', label: 'Click me', value: 'javascript:alert(1)' },
          { kind: 'url', label: '<b>Site</b>', value: 'https://shop.example/help' },
        ],
      }),
    );
    await m.run((c) => c.open());
    const root = m.shadow.querySelector('.root') as HTMLElement;
    expect(root.querySelector('img.logo')?.getAttribute('src')).toBe('https://cdn.example/logo.svg');
    expect(m.ui.getByRole('link', { name: '400-820-8820' }).getAttribute('href')).toBe('tel:400-820-8820');
    expect(m.ui.getByRole('link', { name: 'support@topay.example' }).getAttribute('href')).toBe(
      'mailto:support@topay.example',
    );
    const site = m.ui.getByRole('link', { name: 'https://shop.example/help' });
    expect([site.getAttribute('target'), site.getAttribute('rel')]).toEqual([
      '_blank',
      'noopener noreferrer',
    ]);
    expect(m.ui.getByText('<b>Site</b>')).toBeTruthy();
    expect(m.ui.getByText('TopayDemo').closest('a')).toBeNull();
    expect(m.ui.queryByText('Click me')).toBeNull();
    expect(root.innerHTML).not.toContain('javascript:');
    expect(m.ui.getAllByRole('link').map((a) => a.getAttribute('href')?.split(':')[0])).toEqual([
      'tel',
      'mailto',
      'https',
    ]);
  });

  test('a logo that is not https is not shown', async () => {
    const m = await setup({ locale: 'en' }, demoConfig({ logoUrl: 'http://cdn.example/logo.svg' }));
    await m.run((c) => c.open());
    expect(m.shadow.querySelector('img')).toBeNull();
  });

  test('business hours: open now, or when the merchant is back', async () => {
    const hours = { timeZone: 'Asia/Shanghai', days: { 1: [['09:00', '18:00']] } } as const;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2030-01-07T03:00:00Z')); // Monday 11:00 in Shanghai
      const m = await setup({ locale: 'en' }, demoConfig({ businessHours: hours as never }));
      await m.run((c) => c.open());
      expect(m.ui.getByText('Open now')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('openingState', () => {
  const weekdays = {
    timeZone: 'Asia/Shanghai',
    days: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [['09:00', '18:00']]])),
  };
  test('open within the hours in the merchant’s zone, whatever the visitor’s', () => {
    expect(openingState(weekdays, new Date('2030-01-07T01:00:00Z'))).toEqual({ open: true }); // Mon 09:00
    expect(openingState(weekdays, new Date('2030-01-07T09:59:00Z'))).toEqual({ open: true }); // Mon 17:59
  });
  test('closed: the next opening instant, later today or days later', () => {
    // Monday 07:30 Shanghai → 09:00 the same day.
    expect(openingState(weekdays, new Date('2030-01-06T23:30:00Z'))).toEqual({
      open: false,
      opensAt: new Date('2030-01-07T01:00:00Z'),
    });
    // Friday 18:00 Shanghai → Monday 09:00.
    expect(openingState(weekdays, new Date('2030-01-11T10:00:00Z'))).toEqual({
      open: false,
      opensAt: new Date('2030-01-14T01:00:00Z'),
    });
  });
  test('never open, or an unknown zone: no opening time', () => {
    expect(openingState({ timeZone: 'Asia/Shanghai', days: {} }, new Date())).toEqual({
      open: false,
      opensAt: undefined,
    });
    expect(openingState({ ...weekdays, timeZone: 'Mars/Olympus' }, new Date())).toEqual({
      open: false,
      opensAt: undefined,
    });
  });
});
