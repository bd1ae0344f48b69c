import { describe, expect, test } from 'vitest';
import { linkify } from './linkify.js';

describe('linkify', () => {
  test('links http and https URLs, trimming trailing punctuation and stopping at Chinese punctuation', () => {
    expect(linkify('See https://example.com/help?a=1. Or http://shop.test/x，谢谢')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/help?a=1', href: 'https://example.com/help?a=1' },
      { text: '. Or ' },
      { text: 'http://shop.test/x', href: 'http://shop.test/x' },
      { text: '，谢谢' },
    ]);
  });

  test.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '<script>alert(1)</script>',
    '<a href="https://evil.test">x</a>'.replace('https://', ''),
    'www.example.com',
    'ftp://example.com/file',
  ])('keeps %s as plain text', (text) => {
    expect(linkify(text)).toEqual([{ text }]);
  });

  test('a javascript: URL hidden after an http link is still text', () => {
    const parts = linkify('https://ok.test javascript:alert(1)');
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(['https://ok.test/']);
  });
});
