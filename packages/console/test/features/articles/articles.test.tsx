import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTags, validateArticle } from '../../../src/features/articles/articles-model.js';
import { absoluteArticleUrl, insertAt } from '../../../src/features/articles/link.js';
import { screenTranslator } from '../../../src/features/articles/messages.js';
import { ArticleStats, helpfulRatio } from '../../../src/features/articles/stats.js';
import { createLocaleModel } from '../../../src/features/locale/model.js';
import { routeFromHash, routeHash } from '../../../src/features/routing/conversation-route.js';
import { createKeymap, SHORTCUTS } from '../../../src/features/shortcuts/keymap.js';

const en = createLocaleModel('en', undefined).t.value;
const zh = createLocaleModel('zh-CN', undefined).t.value;

afterEach(() => {
  document.body.replaceChildren();
});

describe('article stats', () => {
  it('computes the helpful ratio, or none before any vote', () => {
    expect(helpfulRatio({ helpful: 0, notHelpful: 0 })).toBeNull();
    expect(helpfulRatio({ helpful: 3, notHelpful: 1 })).toBe(75);
    expect(helpfulRatio({ helpful: 2, notHelpful: 1 })).toBe(67);
    expect(helpfulRatio({ helpful: 0, notHelpful: 4 })).toBe(0);
  });

  it('shows views, votes with their ratio, and deflections as words', () => {
    render(<ArticleStats stats={{ views: 120, helpful: 9, notHelpful: 3, deflections: 4 }} t={en} />);
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      '120 views',
      '75% found it helpful',
      '9 helpful · 3 not helpful',
      '4 answered without a chat',
    ]);
  });

  it('says “no votes yet” instead of 0 %, and the compact form shows votes only', () => {
    render(<ArticleStats stats={{ views: 5, helpful: 0, notHelpful: 0, deflections: 2 }} t={zh} compact />);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['暂无评价']);
  });
});

describe('article links in replies', () => {
  it('makes the public path absolute on the console’s (or the API’s) origin, and refuses anything else', () => {
    expect(absoluteArticleUrl('', '/help/pk_demo/en/refunds', 'https://support.example')).toBe(
      'https://support.example/help/pk_demo/en/refunds',
    );
    expect(
      absoluteArticleUrl('http://127.0.0.1:4000/', '/help/pk_demo/en/refunds', 'https://x.example'),
    ).toBe('http://127.0.0.1:4000/help/pk_demo/en/refunds');
    expect(absoluteArticleUrl('', '//evil.example/x', 'https://support.example')).toBeUndefined();
    expect(absoluteArticleUrl('', 'javascript:alert(1)', 'https://support.example')).toBeUndefined();
    expect(absoluteArticleUrl('', '/help/x', 'null')).toBeUndefined();
  });

  it('inserts at the cursor with spaces only where a word touches it', () => {
    expect(insertAt('', 0, 0, 'L')).toEqual({ text: 'L', caret: 1 });
    expect(insertAt('See', 3, 3, 'L')).toEqual({ text: 'See L', caret: 5 });
    expect(insertAt('See here', 4, 8, 'L')).toEqual({ text: 'See L', caret: 5 });
    expect(insertAt('Aend', 1, 1, 'L')).toEqual({ text: 'A L end', caret: 4 });
    expect(insertAt('A\n', 2, 2, 'L')).toEqual({ text: 'A\nL', caret: 3 });
  });
});

describe('article picker shortcut', () => {
  it('is a outside fields and Ctrl/⌘+K anywhere, and the help lists both', () => {
    const keymap = createKeymap();
    const box = document.createElement('textarea');
    document.body.append(box);
    const key = (init: KeyboardEventInit, target: EventTarget = document.body) => {
      const event = new KeyboardEvent('keydown', { ...init, bubbles: true });
      Object.defineProperty(event, 'target', { value: target });
      return keymap(event);
    };
    expect(key({ key: 'a' })).toBe('articles');
    expect(key({ key: 'a' }, box)).toBeNull();
    expect(key({ key: 'k', ctrlKey: true }, box)).toBe('articles');
    expect(key({ key: 'K', metaKey: true }, box)).toBe('articles');
    expect(key({ key: 'k', ctrlKey: true, shiftKey: true }, box)).toBeNull();
    expect(
      SHORTCUTS.filter((shortcut) => shortcut.command === 'articles').map((s) => s.keys.join('+')),
    ).toEqual(['a', 'Ctrl/⌘+K']);
  });
});

describe('articles screen pieces', () => {
  it('routes #/articles and #/articles/<id>, and keeps conversation URLs', () => {
    expect(routeFromHash('#/articles')).toEqual({ screen: 'articles', articleId: null });
    expect(routeFromHash('#/articles/a%2Fb')).toEqual({ screen: 'articles', articleId: 'a/b' });
    expect(routeFromHash('#/articles/%E0%A4%A')).toEqual({ screen: 'inbox', conversationId: null });
    expect(routeFromHash('#/c/c1')).toEqual({ screen: 'inbox', conversationId: 'c1' });
    expect(routeHash({ screen: 'articles', articleId: 'a/b' })).toBe('#/articles/a%2Fb');
    expect(routeHash({ screen: 'inbox', conversationId: null })).toBe('');
  });

  it('validates like the server and reads tags separated by any comma', () => {
    const fields = {
      slug: 'refund-time',
      locale: 'zh-CN' as const,
      title: '退款多久到账',
      category: 'refunds' as const,
      tags: '退款，到账、 refund, refund',
      keywords: '退钱，钱退回',
      markdown: '',
      published: false,
    };
    expect(validateArticle(fields)).toEqual({});
    expect(parseTags(fields.tags)).toEqual(['退款', '到账', 'refund']);
    expect(validateArticle({ ...fields, slug: 'Refund time' }).slug).toBe('pattern');
    expect(validateArticle({ ...fields, slug: 'a--b' }).slug).toBe('pattern');
    expect(validateArticle({ ...fields, slug: '', title: ' ' })).toEqual({
      slug: 'required',
      title: 'required',
    });
    expect(validateArticle({ ...fields, tags: 'x'.repeat(61) }).tags).toBe('tagTooLong');
    expect(validateArticle({ ...fields, keywords: 'x'.repeat(61) }).keywords).toBe('keywordTooLong');
    const many = Array.from({ length: 51 }, (_, i) => `k${i}`).join(',');
    expect(validateArticle({ ...fields, keywords: many }).keywords).toBe('tooManyKeywords');
  });

  it('has every screen string in both languages, with the same placeholders', () => {
    const english = screenTranslator('en');
    const chinese = screenTranslator('zh-CN');
    expect(english('count', { shown: 2, count: 5 })).toBe('2 of 5 articles');
    expect(english('count', { shown: 1, count: 1 })).toBe('1 of 1 article');
    expect(chinese('count', { shown: 2, count: 5 })).toBe('共 5 篇，显示 2 篇');
    expect(chinese('status.draft')).toBe('草稿');
  });
});
