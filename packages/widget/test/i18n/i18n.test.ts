import { signal } from '@preact/signals';
import { describe, expect, test } from 'vitest';
import { expectCatalogue } from '../../../protocol/test/catalogue-check.js';
import { chatEn } from '../../src/features/chat/messages.js';
import { helpEn } from '../../src/features/help/messages.js';
import { paymentsEn } from '../../src/features/payments/messages.js';
import { detectLocale } from '../../src/i18n/detect.js';
import { en, type MessageKey } from '../../src/i18n/en.js';
import * as arHome from '../../src/i18n/locales/ar.js';
import * as arFeatures from '../../src/i18n/locales/ar-features.js';
import * as zhTWHome from '../../src/i18n/locales/zh-TW.js';
import * as zhTWFeatures from '../../src/i18n/locales/zh-TW-features.js';
import { createLocaleModel } from '../../src/i18n/model.js';
import { zhCN } from '../../src/i18n/zh-CN.js';

const page = (lang: string) => {
  const doc = document.implementation.createHTMLDocument('');
  doc.documentElement.lang = lang;
  return doc;
};

describe('detectLocale', () => {
  test('<html lang> comes first, then the browser’s languages in order', () => {
    expect(detectLocale(page('zh-CN'), { language: 'en-US', languages: ['en-US'] })).toBe('zh-CN');
    expect(detectLocale(page(''), { language: 'fr-FR', languages: ['fr-FR', 'zh-SG', 'en'] })).toBe('zh-CN');
    expect(detectLocale(page('de'), { language: 'en-GB', languages: [] })).toBe('en');
    expect(detectLocale(page('zh-HK'), { language: 'en', languages: ['en'] })).toBe('zh-TW');
    expect(detectLocale(page(''), { language: 'ar-EG', languages: ['ar-EG', 'en'] })).toBe('ar');
  });

  test('nothing supported means undefined, so the merchant default can apply', () => {
    expect(detectLocale(page('ja'), { language: 'fr', languages: ['fr'] })).toBeUndefined();
    expect(detectLocale(page('de'), { language: 'fr', languages: ['fr', 'ko'] })).toBeUndefined();
  });
});

describe('resources', () => {
  test('every message exists in both locales and keeps its placeholders', () => {
    expectCatalogue(en, zhCN, 'zh-CN');
  });
});

// Each lazy locale is two chunks: the home view's strings, and the features' (chat, help, payments).
const zhTW = { ...zhTWHome, ...zhTWFeatures, messages: { ...zhTWHome.messages, ...zhTWFeatures.messages } };
const ar = { ...arHome, ...arFeatures, messages: { ...arHome.messages, ...arFeatures.messages } };

describe('lazy locales (zh-TW, ar)', () => {
  const tables = { home: en, chat: chatEn, help: helpEn, payments: paymentsEn } as const;
  test.each([
    ['zh-TW', zhTW],
    ['ar', ar],
  ] as const)('%s has every string of every table, with the same placeholders', (lng, locale) => {
    for (const [name, reference] of Object.entries(tables) as Array<
      [keyof typeof tables, Record<string, string>]
    >) {
      expectCatalogue(reference, locale[name] as Record<string, string>, lng);
    }
    expect(Object.keys(locale.messages).length).toBe(
      Object.keys(locale.home).length +
        Object.keys(locale.chat).length +
        Object.keys(locale.help).length +
        Object.keys(locale.payments).length,
    );
  });

  test('zh-TW is written in Traditional characters, not Simplified', () => {
    const text = Object.values(zhTW.messages).join('');
    for (const simplified of ['户', '么', '说', '载', '网', '务', '时', '请'])
      expect(text).not.toContain(simplified);
  });
});

describe('locale chunks', () => {
  test('a lazy locale brings the home strings first; the features’ strings come with the first feature', async () => {
    const model = createLocaleModel({ requested: 'en', merchantDefault: signal(undefined) });
    await model.settled();
    expect(model.locale.value).toBe('en');
    expect(model.t.value('home.chatTitle')).toBe(en['home.chatTitle']);
    // Not fetched with the home view: the key itself until a feature asks.
    expect(model.t.value('help.resultsLabel' as MessageKey)).toBe('help.resultsLabel');

    await model.featureStrings();
    expect(model.t.value('help.resultsLabel' as MessageKey)).toBe(helpEn['help.resultsLabel']);
    // Once features are wanted, a switch waits for both parts of the next locale.
    model.set('ar');
    await model.settled();
    expect(model.locale.value).toBe('ar');
    expect(model.t.value('help.resultsLabel' as MessageKey)).toBe(arFeatures.help['help.resultsLabel']);
    model.dispose();
  });
});
