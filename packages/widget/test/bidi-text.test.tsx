import { isolate } from '@topay-support/protocol';
import { render } from 'preact';
import { describe, expect, test } from 'vitest';
import { BidiText } from '../src/ui/bidi-text.js';

// jsdom lays nothing out, so this checks the structure the browser isolates (e2e/rtl-locale.spec.ts checks the layout).
describe('content inside a translated sentence', () => {
  test('each isolated value is a <bdi>; the sentence’s text keeps no marks', () => {
    const box = document.createElement('p');
    const sentence = `لا توجد مقالات تطابق «${isolate('退款怎么办？')}». ${isolate('<b>x</b>')}`;
    render(<BidiText text={sentence} />, box);
    expect([...box.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['退款怎么办？', '<b>x</b>']);
    expect(box.textContent).toBe('لا توجد مقالات تطابق «退款怎么办？». <b>x</b>');
    // Content stays text: markup in a value is characters, not elements.
    expect(box.querySelector('b')).toBeNull();
  });
});
