import { describe, test } from 'vitest';
import { expectCatalogue } from '../../../../protocol/test/catalogue-check.js';
import { chatEn } from '../../../src/features/chat/messages.js';
import { chatZhCN } from '../../../src/features/chat/messages.zh-CN.js';

describe('chat resources', () => {
  test('every chat message exists in both locales and keeps its placeholders', () => {
    expectCatalogue(chatEn, chatZhCN, 'zh-CN');
  });
});
