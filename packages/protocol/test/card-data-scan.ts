/**
 * Looks for card data the way a thief would, independently of the detector: whatever text it is
 * given (a message, a log line, the bytes of a database file, a webhook body), it undoes JSON escapes
 * and percent-encoding, folds width (NFKC) and other scripts' digits, lower-cases, and drops every
 * character that is neither a letter nor a digit. A card number then shows as its bare digits
 * whatever separators, escapes or widths it was written with.
 */

import { CARD_PLACEHOLDER } from '../src/card-data.js';
import type { CardDataCase } from './card-data-cases.js';

const DIGIT = /\p{Nd}/u;

function digitValue(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  let zero = cp;
  while (cp - zero < 9 && DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String(cp - zero);
}

/** The text with escapes undone, folded, and reduced to lower-case letters and ASCII digits. */
export function scanForm(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\[nrtbf]/g, ' ')
    .replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return ' ';
      }
    })
    .normalize('NFKC')
    .replace(/\p{Nd}/gu, (d) => (d >= '0' && d <= '9' ? d : digitValue(d)))
    .toLowerCase()
    .replace(/[^\p{L}0-9]+/gu, '');
}

/** A text already in `scanForm`, for searching one large text (a database file) for many cases. */
export interface Scanned {
  scanned: string;
}

/**
 * What of a case's card data is still readable in `text`: each card number, each code after its
 * word, each code right after a removed card. Empty when nothing is.
 */
export function cardDataLeft(text: string | Scanned, c: Pick<CardDataCase, 'cards' | 'codes'>): string[] {
  const scanned = typeof text === 'string' ? scanForm(text) : text.scanned;
  const left: string[] = [];
  for (const card of c.cards) if (scanned.includes(card)) left.push(card);
  for (const { code, after } of c.codes) {
    // A code with no word before it sat next to a card number: look for it after the card's placeholder.
    const word = after ? scanForm(after) : scanForm(CARD_PLACEHOLDER);
    // A few letters may sit between the word and the code: "cvc is 4567", "安全码是 321".
    if (new RegExp(`${word}\\p{L}{0,12}?${code}(?!\\d)`, 'u').test(scanned))
      left.push(`${after ?? 'card'} ${code}`);
  }
  return left;
}
