import { describe, expect, test } from 'vitest';
import { detectLocale } from './detect.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

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
  });

  test('nothing supported means undefined, so the merchant default can apply', () => {
    expect(detectLocale(page('ja'), { language: 'fr', languages: ['fr'] })).toBeUndefined();
    // Traditional Chinese is not shipped yet; showing Simplified would be the wrong script.
    expect(detectLocale(page('zh-TW'), undefined)).toBeUndefined();
  });
});

describe('resources', () => {
  test('every message exists in both locales and keeps its placeholders', () => {
    const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort();
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(zhCN[key].trim(), key).not.toBe('');
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
