import { signal } from '@preact/signals';
import { formatMoney, isolate, type Locale } from '@topay-support/protocol';
import { describe, expect, test } from 'vitest';
import { chatZhCN } from '../src/features/chat/messages.zh-CN.js';
import { helpZhCN } from '../src/features/help/messages.zh-CN.js';
import { createLocaleModel, type Translate } from '../src/i18n/model.js';

// The widget's translator with its real tables and chunks: plural forms picked by `Intl.PluralRules` from a real
// number, numbers and dates written by `Intl` in the rendered locale. For `ar` the digits are what `Intl` gives the
// bare `ar` tag (Latin digits in current CLDR; a regional tag such as ar-EG would give Arabic-Indic ones).

async function translator(locale: Locale): Promise<Translate> {
  const model = createLocaleModel({ requested: locale, merchantDefault: signal(undefined) });
  // What the chat and help chunks add when they load: the inlined locale's feature strings.
  model.addResources({ 'zh-CN': { ...chatZhCN, ...helpZhCN } });
  await model.featureStrings();
  expect(model.locale.value).toBe(locale);
  const t = model.t.value;
  model.dispose();
  return t;
}
// Feature keys are typed by their own tables; these tests reach them through the home translator.
type AnyKey = Parameters<Translate>[0];
const key = (name: string) => name as AnyKey;

describe('plural forms', () => {
  test('Arabic: a form for 0, 1, 2, 3–10, 11–99 and 100+', async () => {
    const t = await translator('ar');
    const forms = (name: string) => [0, 1, 2, 3, 11, 100].map((count) => t(key(name), { count }));
    expect(forms('launcher.unread')).toEqual([
      'لا رسائل غير مقروءة',
      'رسالة واحدة غير مقروءة',
      'رسالتان غير مقروءتين',
      '3 رسائل غير مقروءة',
      '11 رسالة غير مقروءة',
      '100 رسالة غير مقروءة',
    ]);
    expect(forms('help.results')).toEqual([
      'لم يُعثر على أي مقالة',
      'عُثر على مقالة واحدة',
      'عُثر على مقالتين',
      'عُثر على 3 مقالات',
      'عُثر على 11 مقالة',
      'عُثر على 100 مقالة',
    ]);
    expect(forms('chat.remaining')).toEqual([
      'لم يتبقَّ أي حرف',
      'متبقٍّ حرف واحد',
      'متبقٍّ حرفان',
      'متبقٍّ 3 أحرف',
      'متبقٍّ 11 حرفًا',
      'متبقٍّ 100 حرف',
    ]);
    // 1,000+ is "other" again; the number is grouped as the locale writes it.
    expect(t(key('chat.upload.too_many'), { count: 1200 })).toBe('حتى 1,200 ملف في الرسالة الواحدة.');
  });

  test('English: one and other', async () => {
    const t = await translator('en');
    expect([0, 1, 2, 1500].map((count) => t('launcher.unread', { count }))).toEqual([
      '0 unread messages',
      '1 unread message',
      '2 unread messages',
      '1,500 unread messages',
    ]);
    expect(t(key('help.results'), { count: 1 })).toBe('1 article found');
    expect(t(key('help.results'), { count: 7 })).toBe('7 articles found');
    expect(t(key('chat.remaining'), { count: 1 })).toBe('1 character left');
    expect(t(key('chat.upload.too_many'), { count: 5 })).toBe('Up to 5 files per message.');
  });

  test.each([
    ['zh-CN', '1 条未读消息', '2,000 条未读消息', '找到 1 篇文章'],
    ['zh-TW', '1 則未讀訊息', '2,000 則未讀訊息', '找到 1 篇文章'],
  ] as const)('%s: one form for every number', async (locale, one, many, found) => {
    const t = await translator(locale);
    expect(t('launcher.unread', { count: 1 })).toBe(one);
    expect(t('launcher.unread', { count: 2000 })).toBe(many);
    expect(t(key('help.results'), { count: 1 })).toBe(found);
  });
});

describe('Intl formats in strings', () => {
  // Local time, as the visitor's browser shows it.
  const monday = new Date(2026, 0, 5, 9, 30);

  test.each([
    ['en', 'Back at 09:30 AM', 'Back Monday at 09:30 AM', 'Updated Jan 5, 2026'],
    ['zh-CN', '09:30 恢复服务', '星期一 09:30 恢复服务', '更新于 2026年1月5日'],
    ['zh-TW', '上午09:30 恢復服務', '星期一 上午09:30 恢復服務', '更新於 2026年1月5日'],
    ['ar', 'نعود في 09:30 ص', 'نعود يوم الاثنين في 09:30 ص', 'حُدّثت في 05\u200f/01\u200f/2026'],
  ] as const)('%s: opening hours and article dates', async (locale, backAt, backOn, updated) => {
    const t = await translator(locale);
    expect(t('home.backAt', { at: monday })).toBe(backAt);
    expect(t('home.backOn', { at: monday })).toBe(backOn);
    expect(t(key('help.updated'), { at: monday })).toBe(updated);
  });

  test('money: minor units in the currency’s own digits, in the locale’s way', () => {
    expect(formatMoney({ minor: 39_900, currency: 'CNY' }, 'zh-CN')).toBe('¥399.00');
    expect(formatMoney({ minor: 39_900, currency: 'CNY' }, 'en')).toBe('CN¥399.00');
    expect(formatMoney({ minor: 3_999, currency: 'JPY' }, 'en')).toBe('¥3,999');
    expect(formatMoney({ minor: 1_234, currency: 'BHD' }, 'en')).toBe('BHD\u00a01.234');
    expect(formatMoney({ minor: 12_999, currency: 'CNY' }, 'ar')).toBe('\u200f129.99\u00a0CN¥');
    // Not a currency code at all: the figures as sent rather than nothing.
    expect(formatMoney({ minor: 500, currency: 'US' }, 'en')).toBe('500 US');
  });
});

describe('content in a sentence', () => {
  test('a Chinese query in the Arabic sentence is isolated; our own values are not', async () => {
    const t = await translator('ar');
    expect(t(key('help.noResults'), { query: isolate('退款怎么办？') })).toBe(
      'لا توجد مقالات تطابق «\u2068退款怎么办？\u2069».',
    );
    expect(t('launcher.unread', { count: 3 })).not.toMatch(/[\u2068\u2069]/);
  });
});
