import { createRequire } from 'node:module';
import type { Locale } from '@topay-support/protocol';

// Traditional ↔ Simplified through OpenCC's dictionaries (opencc-js), server side only: the widget
// receives text already converted and ships no conversion code.
//
// Search meets everything in Simplified: Taiwan phrasing (`twp`: 網路→网络, 軟體→软件, 資訊→信息)
// and Hong Kong variants (`hk`) are folded to Mainland Simplified, so a query and an article meet
// whichever script and region either is written in. Display goes the other way, into Taiwan
// Traditional with Taiwan phrasing, for zh-TW readers of a Simplified-only article.
//
// Loading OpenCC and building the converters reads its dictionaries (about half a second), so it
// happens on the first conversion, not when the server or a CLI command starts.
type Convert = (text: string) => string;
let converters: { fromTaiwan: Convert; fromHongKong: Convert; toTaiwan: Convert } | undefined;

const require = createRequire(import.meta.url);

function opencc() {
  const { Converter } = require('opencc-js') as typeof import('opencc-js');
  converters ??= {
    fromTaiwan: Converter({ from: 'twp', to: 'cn' }),
    fromHongKong: Converter({ from: 'hk', to: 'cn' }),
    toTaiwan: Converter({ from: 'cn', to: 'twp' }),
  };
  return converters;
}

const HAN = /\p{Script=Han}/u;

/** Simplified Chinese for matching; text without Han characters is returned as is (and fast). */
export function toSimplified(text: string): string {
  if (!HAN.test(text)) return text;
  const { fromTaiwan, fromHongKong } = opencc();
  return fromHongKong(fromTaiwan(text));
}

/** Taiwan Traditional for reading; text without Han characters is returned as is. */
export function toTraditional(text: string): string {
  return HAN.test(text) ? opencc().toTaiwan(text) : text;
}

/** The script a locale reads Chinese in, or `undefined` for locales that do not. */
export function chineseScriptOf(locale: Locale): 'simplified' | 'traditional' | undefined {
  return locale === 'zh-CN' ? 'simplified' : locale === 'zh-TW' ? 'traditional' : undefined;
}

/** Whether text written for `from` is converted for a reader of `to`: both Chinese, other scripts. */
export function needsConversion(from: Locale, to: Locale): boolean {
  const source = chineseScriptOf(from);
  const target = chineseScriptOf(to);
  return source !== undefined && target !== undefined && source !== target;
}

/** Converts text written for `from` so that a reader of `to` reads it in their script. */
export function convertForReader(text: string, from: Locale, to: Locale): string {
  if (!needsConversion(from, to)) return text;
  return to === 'zh-TW' ? toTraditional(text) : toSimplified(text);
}

/**
 * A Simplified form of `display` with the same length, character for character, so that an offset
 * found in it is an offset into `display`. Phrase conversion may change lengths (a Taiwan word for a
 * Mainland one); then each character is converted on its own, which is enough to find a term.
 */
export function alignedSimplified(display: string): string {
  if (!HAN.test(display)) return display;
  const whole = toSimplified(display);
  if (whole.length === display.length) return whole;
  let aligned = '';
  for (const char of display) {
    const converted = toSimplified(char);
    aligned += converted.length === char.length ? converted : char;
  }
  return aligned;
}
