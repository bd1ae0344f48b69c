import { describe, expect, test } from 'vitest';
import { chatEn } from '../../../src/features/chat/messages.js';
import { chatZhCN } from '../../../src/features/chat/messages.zh-CN.js';

describe('chat resources', () => {
  test('every chat message exists in both locales and keeps its placeholders', () => {
    const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort();
    expect(Object.keys(chatZhCN).sort()).toEqual(Object.keys(chatEn).sort());
    for (const key of Object.keys(chatEn) as Array<keyof typeof chatEn>) {
      expect(chatZhCN[key].trim(), key).not.toBe('');
      expect(placeholders(chatZhCN[key]), key).toEqual(placeholders(chatEn[key]));
    }
  });
});
