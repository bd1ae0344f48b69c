import { describe, expect, test } from 'vitest';
import { expectCatalogue } from '../../protocol/test/catalogue-check.js';
import { screenTranslator } from '../src/features/articles/messages.js';
import { reportTranslator } from '../src/features/assistant/report-messages.js';
import { en } from '../src/features/locale/en.js';
import { createLocaleModel } from '../src/features/locale/model.js';
import { consoleTranslator } from '../src/features/locale/translator.js';
import { zhCN } from '../src/features/locale/zh-CN.js';

// The console speaks en and zh-CN, through the translator it shares with the widget: plural forms from real numbers,
// numbers written by Intl, and the lazy screens' strings in the same i18next instance.

const english = createLocaleModel('en', undefined).t.value;
const chinese = createLocaleModel('zh-CN', undefined).t.value;

describe('console plurals', () => {
  test('English picks one or other from the number; Chinese has one form', () => {
    expect([1, 2, 1200].map((count) => english('inbox.unread', { count }))).toEqual([
      '1 unread',
      '2 unread',
      '1,200 unread',
    ]);
    expect([1, 2].map((count) => english('articleStats.views', { count }))).toEqual(['1 view', '2 views']);
    expect([1, 3].map((count) => english('security.recoveryLeft', { count }))).toEqual([
      '1 recovery code left',
      '3 recovery codes left',
    ]);
    expect(english('attach.tooMany', { count: 5 })).toBe('A message can carry at most 5 files.');
    expect(english('articlePicker.count', { count: 1 })).toBe('1 article found');
    expect(chinese('articlePicker.count', { count: 1 })).toBe('找到 1 篇文章');
    expect(chinese('inbox.unread', { count: 12_000 })).toBe('12,000 条未读');
    expect(english('composer.tooLong', { count: 4001, max: 4000 })).toBe(
      '4,001 / 4,000 characters: shorten the message to send it.',
    );
  });

  test('the lazy screens’ strings: plurals on the total, in the shared instance under their prefix', () => {
    const articles = screenTranslator('en');
    expect(articles('count', { shown: 1, count: 1 })).toBe('1 of 1 article');
    expect(articles('count', { shown: 2, count: 5 })).toBe('2 of 5 articles');
    expect(screenTranslator('zh-CN')('count', { shown: 2, count: 5 })).toBe('共 5 篇，显示 2 篇');
    expect(reportTranslator('en')('stat.helpfulDetail', { helpful: 1, count: 1 })).toBe('1 of 1 vote');
    expect(reportTranslator('zh-CN')('stat.helpfulDetail', { helpful: 3, count: 4 })).toBe(
      '4 次评价中 3 次有帮助',
    );
    // One i18next instance: the screen's strings are the console translator's, not a copy with its own rules.
    expect(consoleTranslator().t('en')('articles.status.draft')).toBe('Draft');
    expect(consoleTranslator().t('zh-CN')('report.stat.handedOff')).toBe(
      reportTranslator('zh-CN')('stat.handedOff'),
    );
    // Locales the console does not speak read it in English.
    expect(screenTranslator('ar')('status.draft')).toBe('Draft');
  });

  test('the zh-CN catalogue has every key, each plural in Chinese’s one form', () => {
    expectCatalogue(en, zhCN, 'zh-CN');
  });
});
