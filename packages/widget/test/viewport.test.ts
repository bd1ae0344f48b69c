import { afterEach, describe, expect, it } from 'vitest';
import { followVisualViewport } from '../src/host/viewport.js';
import { installVisualViewport } from './helpers.js';

let restore = () => {};
afterEach(() => restore());

/**
 * A host element whose layout box jsdom cannot compute: it lands at the containing block's corner (`origin`) plus
 * the `--_vv-x`/`--_vv-y` it was given, as `position: fixed; left/top` place it in a browser.
 */
function hostAt(origin: { left: number; top: number }) {
  const host = document.createElement('topay-support');
  const px = (name: string) => Number.parseFloat(host.style.getPropertyValue(name)) || 0;
  host.getBoundingClientRect = () => {
    const left = origin.left + px('--_vv-x');
    const top = origin.top + px('--_vv-y');
    return { left, top, x: left, y: top } as DOMRect;
  };
  return host;
}

const props = (host: HTMLElement) =>
  Object.fromEntries(['x', 'y', 'w', 'h', 'k'].map((n) => [n, host.style.getPropertyValue(`--_vv-${n}`)]));

describe('followVisualViewport', () => {
  it('puts the host over the visual viewport, wherever the fixed containing block is', () => {
    const fake = installVisualViewport({ width: 375, height: 667, offsetLeft: 142 });
    restore = fake.restore;
    // Chromium places a wide RTL page's fixed containing block far off to the left.
    const host = hostAt({ left: -1074, top: 0 });
    const compact: boolean[] = [];
    const stop = followVisualViewport(window, host, (c) => compact.push(c));
    expect(host.getBoundingClientRect().left).toBe(142);
    expect(props(host)).toEqual({ x: '1216px', y: '0px', w: '375px', h: '667px', k: '1' });
    expect(host.hasAttribute('data-compact')).toBe(true);

    // Panned and the on-screen keyboard up: the visual viewport moves and shrinks.
    fake.viewport.set({ offsetLeft: 30, offsetTop: 120, height: 360 });
    expect(host.getBoundingClientRect()).toMatchObject({ left: 30, top: 120 });
    expect(props(host)).toMatchObject({ h: '360px' });
    expect(compact).toEqual([true, true]);

    stop();
    expect(fake.viewport.listeners).toBe(0);
    fake.viewport.set({ height: 100 });
    expect(props(host)).toMatchObject({ h: '360px' });
  });

  it('lays out at the screen size and scales up on a zoomed-out page, and follows a zoom in as it is', () => {
    // No viewport meta: 1,448 px of page shown on a 375 px screen.
    const fake = installVisualViewport({ width: 1448, height: 2576, scale: 375 / 1448 });
    restore = fake.restore;
    const host = hostAt({ left: 0, top: 0 });
    followVisualViewport(window, host, () => {});
    const { w, h, k } = props(host);
    expect(Number.parseFloat(w ?? '')).toBeCloseTo(375, 6);
    expect(Number.parseFloat(h ?? '')).toBeCloseTo(667.08, 1);
    expect(Number(k)).toBeCloseTo(1448 / 375, 6);
    expect(host.hasAttribute('data-compact')).toBe(true);

    // Pinch-zoomed in ×2: 187.5 px of page fill the screen; the panel grows with the page, as the visitor asked.
    fake.viewport.set({ width: 187.5, height: 333.5, scale: 2, offsetLeft: 53 });
    expect(props(host)).toEqual({ x: '53px', y: '0px', w: '187.5px', h: '333.5px', k: '1' });
  });

  it('is not compact on a screen 640 px wide or more, even zoomed out', () => {
    const fake = installVisualViewport({ width: 1280, height: 720 });
    restore = fake.restore;
    const host = hostAt({ left: 0, top: 0 });
    const compact: boolean[] = [];
    followVisualViewport(window, host, (c) => compact.push(c));
    // A tablet on a page without viewport meta: 980 px shown at 768.
    fake.viewport.set({ width: 980, height: 1306, scale: 768 / 980 });
    fake.viewport.set({ width: 639, height: 720, scale: 1 });
    expect(compact).toEqual([false, false, true]);
    expect(host.hasAttribute('data-compact')).toBe(true);
  });

  it('does nothing where the browser has no visual viewport', () => {
    const host = document.createElement('topay-support');
    followVisualViewport({} as Window, host, () => {
      throw new Error('not called');
    })();
    expect(host.style.length).toBe(0);
  });
});
