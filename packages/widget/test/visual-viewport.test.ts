import { describe, expect, it } from 'vitest';
import { followVisualViewport } from '../src/host/media.js';

/** A stand-in for `window.visualViewport`, which jsdom lacks: an event target with a size. */
function fakeViewport(height: number) {
  const target = new EventTarget() as EventTarget & { height: number; offsetTop: number };
  target.height = height;
  target.offsetTop = 0;
  return target;
}

describe('followVisualViewport', () => {
  it('tracks the visual viewport so the on-screen keyboard cannot cover the composer', () => {
    const viewport = fakeViewport(740);
    const host = document.createElement('topay-support');
    const stop = followVisualViewport({ visualViewport: viewport } as unknown as Window, host);
    expect(host.style.getPropertyValue('--_vv-height')).toBe('740px');

    // The keyboard opens: only the visual viewport shrinks, and it may scroll within the page.
    viewport.height = 420;
    viewport.offsetTop = 120;
    viewport.dispatchEvent(new Event('resize'));
    expect(host.style.getPropertyValue('--_vv-height')).toBe('420px');
    expect(host.style.getPropertyValue('--_vv-top')).toBe('120px');

    stop();
    viewport.height = 100;
    viewport.dispatchEvent(new Event('resize'));
    expect(host.style.getPropertyValue('--_vv-height')).toBe('420px');
  });

  it('does nothing where the browser has no visual viewport', () => {
    const host = document.createElement('topay-support');
    followVisualViewport({} as Window, host)();
    expect(host.style.length).toBe(0);
  });
});
