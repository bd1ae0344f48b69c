/**
 * Card data (docs/design.md#card-data): the one detector behind the widget's "this looks like a card number" warning
 * and the server's redaction, so both agree on what a card number is.
 *
 * It reads the text the way a person would, not byte by byte: full-width and other Unicode digits
 * count as digits (Chinese input methods type `４２４２`), any run of spaces of any kind, dashes, dots
 * or line breaks may sit between digit groups, and invisible characters are skipped. The text it
 * returns is the visitor's own, unnormalised, with only the card data replaced.
 */

export const CARD_PLACEHOLDER = '[card number removed]';
export const CODE_PLACEHOLDER = '[security code removed]';

export interface CardRedaction {
  text: string;
  /** Whether anything was replaced. */
  redacted: boolean;
}

// What may stand between the digit groups of one number, read after NFKC (which already turns
// U+3000, no-break and thin spaces into a space and the full-width `－．／` into `-./`): whitespace and
// line breaks, dash punctuation, minus, the dots and the ideographic full stop of a Chinese IME, and
// the `_ / \\ | ~ * +` people put between groups. Not commas (they group the digits of amounts) nor
// colons (times).
const SEPARATOR = '[\\s\\p{Pd}\\u2212.\\u00b7\\u2022\\u30fb\\u3002_/\\\\|~*+]';
const CANDIDATE = new RegExp(`\\d+(?:${SEPARATOR}+\\d+)*`, 'gu');
// A short number right after a card number is its security code: "4242… 737", "4242…/737",
// "4242… 12/28 737" (after the expiry date, which stays).
const GAP = `(?:${SEPARATOR}|[,，/|;；:])`;
const CODE_AFTER_CARD = new RegExp(
  `${GAP}*(?:\\d\\d?\\s*/\\s*\\d\\d(?:\\d\\d)?${GAP}+)?(\\d{3,4})(?!\\d|[-/.]\\d)`,
  'uy',
);
// Words that announce a security code, in English and Chinese, then any colon, "is" or "是", then
// the 3 or 4 digit code.
const CODE_AFTER_WORD =
  /(?<![a-z])(?:cv[vcn]2?|cid|csc|security\s*code|card\s*code|安全[码碼]|验证码|驗證碼|校[验驗][码碼]|卡?背面?的?(?:[后後]?[三3]位)(?:数字|數字|[数數码碼])?|卡背)(?![a-z])(?:[^\p{L}\p{N}]|is|no|number|code|[是为為号號码碼]){0,12}?(\d{3,4})(?!\d)/giu;
// Not cards: dates inside a run ("2026-04-01 – 2026-04-30"), IPv4 addresses, mainland mobile numbers
// written with the country code, a run of one repeated digit (a placeholder like 0000 0000 0000 0000).
const YEAR = /^(?:19|20)\d\d$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const CN_MOBILE = /^(?:00)?861[3-9]\d{9}$/;
const ONE_DIGIT = /^(\d)\1+$/;
const DIGIT = /\p{Nd}/u;
// Format and control characters (zero-width spaces, bidi marks) and combining marks (a keycap 4️⃣,
// an overline on a digit): invisible or decoration, skipped when reading.
const INVISIBLE = /[\p{Cf}\p{Cc}\p{M}]/u;

/** The Luhn checksum every payment card number satisfies (and 9 in 10 other numbers do not). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function isCardNumber(digits: string): boolean {
  return (
    digits.length >= 12 &&
    digits.length <= 19 &&
    luhn(digits) &&
    !ONE_DIGIT.test(digits) &&
    !CN_MOBILE.test(digits)
  );
}

function isDate(a: string, b: string, c: string): boolean {
  const day = (s: string) => s.length <= 2 && +s >= 1 && +s <= 31;
  return (YEAR.test(a) && day(b) && +b <= 12 && day(c)) || (day(a) && day(b) && YEAR.test(c));
}

/**
 * The text as the detector reads it: each character NFKC-normalised, other scripts' digits turned into
 * ASCII ones, control and format characters (zero-width spaces …) dropped. `from[k]`…`to[k]` is the
 * span of the input that read character k came from, so matches map back onto the visitor's text.
 */
function fold(input: string): { text: string; from: number[]; to: number[] } {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of input) {
    let out = ch;
    // Printable ASCII and CJK ideographs (most of a Chinese message) read as they are: skipped for speed.
    const plain = (ch >= ' ' && ch < '\u007f') || (ch >= '\u4e00' && ch <= '\u9fff');
    if (!plain && INVISIBLE.test(ch)) {
      if (!/\s/.test(ch)) out = '';
    } else if (!plain) {
      out = ch.normalize('NFKC');
      const cp = out.codePointAt(0) ?? 0;
      if (out.length <= 2 && cp > 0x7f && DIGIT.test(out)) {
        // Unicode lays every script's digits out 0–9 in a row: the value is the distance to its zero.
        let zero = cp;
        while (cp - zero < 9 && DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
        out = String(cp - zero);
      }
    }
    // A dropped character adds nothing here; a span around it still covers it in the input.
    for (let k = 0; k < out.length; k++) {
      from.push(at);
      to.push(at + ch.length);
    }
    text += out;
    at += ch.length;
  }
  return { text, from, to };
}

/**
 * Finds card numbers (12–19 digits, Luhn-valid) and security codes (3–4 digits next to a card number,
 * or after CVV / CVC / CVN / CID / 安全码 / 验证码 / 校验码 / 安全碼 with any colon) in `input` and
 * replaces them. Phone numbers, amounts, dates and numbers that fail Luhn stay as they are.
 *
 * @example redactCardData('卡号 ４２４２ ４２４２ ４２４２ ４２４２ cvv：７３７').text
 * // '卡号 [card number removed] cvv：[security code removed]'
 */
export function redactCardData(input: string): CardRedaction {
  // Most text holds no digit in any script or width: nothing to read closely.
  if (!/\p{Nd}/u.test(input.normalize('NFKC'))) return { text: input, redacted: false };
  const { text, from, to } = fold(input);
  // Spans of the read text to replace: [start, end, isCard].
  const spans: Array<[number, number, boolean]> = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const run = match[0];
    const base = match.index;
    if (IPV4.test(run)) continue;
    const groups = [...run.matchAll(/\d+/g)].map((g) => ({ digits: g[0], start: base + g.index, end: 0 }));
    for (const g of groups) g.end = g.start + g.digits.length;
    const all = groups.map((g) => g.digits).join('');
    // An international phone number: "+86 138 0013 8000", "+1 415 555 0100".
    if (all.length <= 15 && /\+\s*$/.test(text.slice(Math.max(0, base - 3), base))) continue;
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        digits += groups[j]?.digits;
        if (digits.length > 19) break;
        // A number is read whole: "4242 4242 4242 4241" fails Luhn, and its first 12 digits passing
        // it makes no card. Part of a longer run counts from 13 digits (a card with an order number
        // or a year glued on), as a whole run from 12.
        if (digits.length < 13 && (i > 0 || j < groups.length - 1)) continue;
        if (!isCardNumber(digits)) continue;
        let date = false;
        for (let k = i; k + 2 <= j && !date; k++) {
          date = isDate(groups[k]?.digits ?? '', groups[k + 1]?.digits ?? '', groups[k + 2]?.digits ?? '');
        }
        if (date) continue;
        // Every grouping that forms a card is covered: a card whose first groups are glued to
        // another number is then caught whole, at the price of also covering that number.
        const start = groups[i]?.start ?? 0;
        const end = groups[j]?.end ?? 0;
        const last = spans[spans.length - 1];
        if (last?.[2] && start <= last[1]) last[1] = Math.max(last[1], end);
        else spans.push([start, end, true]);
      }
    }
  }
  const codes: Array<[number, number, boolean]> = [];
  for (const span of spans) {
    CODE_AFTER_CARD.lastIndex = span[1];
    const code = CODE_AFTER_CARD.exec(text);
    const end = CODE_AFTER_CARD.lastIndex;
    if (code?.[1]) codes.push([end - code[1].length, end, false]);
  }
  for (const match of text.matchAll(CODE_AFTER_WORD)) {
    const end = match.index + match[0].length;
    codes.push([end - (match[1]?.length ?? 0), end, false]);
  }
  // Digits after a word or a card that belong to a card ("cvv 4242 4242 4242 4242", two cards in a
  // row) are that card's, not a code.
  for (const code of codes) {
    if (!spans.some((card) => code[0] < card[1] && card[0] < code[1])) spans.push(code);
  }
  if (spans.length === 0) return { text: input, redacted: false };
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end, card] of spans) {
    const begin = from[start] ?? input.length;
    // The same code, found after a card and after a word.
    if (begin < at) continue;
    out += input.slice(at, begin) + (card ? CARD_PLACEHOLDER : CODE_PLACEHOLDER);
    at = to[end - 1] ?? input.length;
  }
  return { text: out + input.slice(at), redacted: true };
}

/**
 * Whether `text` holds card data by the same rules `redactCardData` removes it: the widget warns
 * the visitor before sending; the server redacts anyway.
 *
 * @example containsCardData('my card is 4242 4242 4242 4242') // true
 */
export function containsCardData(text: string): boolean {
  return redactCardData(text).redacted;
}
