import { describe, expect, test } from 'vitest';
import { contrastRatio, mostReadable, parseHexColor, relativeLuminance } from '../../src/theme/colors.js';
import { DARK, LIGHT, ON_ACCENT_DARK, ON_ACCENT_LIGHT } from '../../src/theme/palette.js';
import { resolveTheme, themeCss } from '../../src/theme/theme.js';

describe('colour maths (WCAG 2.2)', () => {
  test('relative luminance and contrast match the reference values', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#1d4ed8', '#ffffff')).toBeGreaterThan(4.5);
  });

  test('text on the accent is whichever of light and dark reads better', () => {
    const on = (accent: string) => mostReadable(accent, [ON_ACCENT_LIGHT, ON_ACCENT_DARK]);
    expect(on('#1d4ed8')).toBe(ON_ACCENT_LIGHT);
    expect(on('#ffd400')).toBe(ON_ACCENT_DARK);
    expect(on('#07c160')).toBe(ON_ACCENT_DARK);
    // Every grey (the hardest case: mid luminance) and a spread of hues: the text always clears AA.
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    const accents = Array.from({ length: 256 }, (_, v) => `#${hex(v).repeat(3)}`);
    for (let r = 0; r < 256; r += 51)
      for (let g = 0; g < 256; g += 51)
        for (let b = 0; b < 256; b += 51) {
          accents.push(`#${hex(r)}${hex(g)}${hex(b)}`);
        }
    for (const accent of accents) expect(contrastRatio(on(accent), accent)).toBeGreaterThanOrEqual(4.5);
  });

  test.each([LIGHT, DARK])('the built-in palette meets AA for body text', (palette) => {
    for (const text of [palette.text, palette.muted]) {
      expect(contrastRatio(text, palette.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(text, palette.surface)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('theme', () => {
  test('only #rrggbb colours are accepted', () => {
    expect(parseHexColor('#0A7D4F')).toBe('#0a7d4f');
    for (const bad of ['red', '#fff', '#0a7d4f;}', 'url(x)', '#0a7d4f00', 42, null]) {
      expect(parseHexColor(bad)).toBeUndefined();
    }
  });

  test('init options beat the merchant, and unknown values fall back', () => {
    expect(
      resolveTheme({ position: 'left' }, { position: 'right', colorScheme: 'dark', color: '#123456' }),
    ).toEqual({
      accent: '#123456',
      position: 'left',
      colorScheme: 'dark',
    });
    expect(resolveTheme({}, { position: 'top', colorScheme: 'neon', color: 'blue' })).toEqual({
      accent: '#1d4ed8',
      position: 'right',
      colorScheme: 'light',
    });
  });

  test('a pale accent gets dark text and a focus ring in the text colour on white', () => {
    const css = themeCss({ accent: '#ffd400', position: 'right', colorScheme: 'light' });
    expect(css).toContain(`--_cfg-on-accent:${ON_ACCENT_DARK}`);
    expect(css).toContain(`--_cfg-focus:${LIGHT.text}`);
    expect(css).toContain('--_cfg-focus-dark:#ffd400');
  });
});
