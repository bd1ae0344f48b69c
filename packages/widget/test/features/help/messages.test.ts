import { describe, expect, test } from 'vitest';
import { expectCatalogue } from '../../../../protocol/test/catalogue-check.js';
import { searchable } from '../../../src/features/help/center.js';
import { helpEn } from '../../../src/features/help/messages.js';
import { helpZhCN } from '../../../src/features/help/messages.zh-CN.js';

describe('help strings', () => {
  test('every message exists in both locales and keeps its placeholders', () => {
    expectCatalogue(helpEn, helpZhCN, 'zh-CN');
  });
});

describe('searchable', () => {
  test('one Chinese character is a query; Latin needs two', () => {
    expect(['退', '付款', 're', '3d'].map(searchable)).toEqual([true, true, true, true]);
    expect(['', 'r', '7'].map(searchable)).toEqual([false, false, false]);
  });
});
