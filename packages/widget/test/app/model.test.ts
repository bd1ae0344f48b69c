import type { WidgetConfig } from '@topay-support/protocol';
import { describe, expect, test, vi } from 'vitest';
import { createWidgetModel } from '../../src/app/model.js';

const config: WidgetConfig = {
  merchant: {
    name: 'Shop',
    defaultLocale: 'en',
    color: '#0a7d4f',
    position: 'left',
    colorScheme: 'dark',
    greeting: { 'zh-CN': '你好' },
    preChatForm: false,
  },
  availability: { online: true },
  assistant: { enabled: false, name: '' },
  protocolVersion: 1,
};

describe('widget model', () => {
  test('identify and setAttributes are kept for later work to send; logout forgets both', () => {
    const model = createWidgetModel({ fetchConfig: () => Promise.resolve(config), emit: vi.fn() });
    model.identify({ userId: 'demo-user-1', userHash: 'a'.repeat(64), name: 'Li Lei' });
    model.setAttributes({ plan: 'pro' });
    model.setAttributes({ orders: 3 });
    expect(model.identity.identity.value).toEqual({
      userId: 'demo-user-1',
      userHash: 'a'.repeat(64),
      name: 'Li Lei',
    });
    expect(model.identity.attributes.value).toEqual({ plan: 'pro', orders: 3 });
    model.logout();
    expect(model.identity.identity.value).toBeUndefined();
    expect(model.identity.attributes.value).toEqual({});
  });

  test('locale: init’s beats the page’s, which beats the merchant default once loaded', async () => {
    const fromPage = createWidgetModel({
      fetchConfig: () => Promise.resolve(config),
      emit: vi.fn(),
      detectedLocale: 'zh-CN',
    });
    const fromMerchant = createWidgetModel({ fetchConfig: () => Promise.resolve(config), emit: vi.fn() });
    const fromInit = createWidgetModel({
      fetchConfig: () => Promise.resolve(config),
      emit: vi.fn(),
      locale: 'en',
      detectedLocale: 'zh-CN',
    });
    expect(fromMerchant.i18n.locale.value).toBe('zh-CN');
    for (const model of [fromPage, fromMerchant, fromInit]) model.config.load();
    for (const model of [fromPage, fromMerchant, fromInit])
      await vi.waitFor(() => expect(model.config.state.value.status).toBe('ready'));
    // English is a lazy chunk: until it is in, the inlined zh-CN stays (never raw keys or mixed languages).
    await Promise.all([fromPage, fromMerchant, fromInit].map((model) => model.i18n.settled()));
    expect([fromPage.i18n.locale.value, fromMerchant.i18n.locale.value, fromInit.i18n.locale.value]).toEqual([
      'zh-CN',
      'en',
      'en',
    ]);
    expect(fromPage.greeting.value).toBe('你好');
    expect(fromInit.greeting.value).toBeUndefined();
    fromInit.setLocale('zh-CN');
    expect(fromInit.i18n.t.value('home.searchLabel')).toBe('搜索帮助文章');
  });

  test('ready carries the version and comes once the settings arrive', async () => {
    const emit = vi.fn();
    const model = createWidgetModel({ fetchConfig: () => Promise.resolve(config), emit });
    model.config.load();
    await vi.waitFor(() => expect(emit).toHaveBeenCalled());
    expect(emit.mock.calls).toEqual([['ready', { version: expect.stringMatching(/^\d+\.\d+\.\d+/) }]]);
    expect(model.theme.value).toEqual({ accent: '#0a7d4f', position: 'left', colorScheme: 'dark' });
  });
});
