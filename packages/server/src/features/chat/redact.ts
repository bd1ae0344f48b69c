/**
 * Card data must never be stored, relayed or logged (DESIGN §4). A visitor in a hurry pastes their
 * card number and CVC into the chat; we keep the rest of the message and replace only those.
 */

export const CARD_PLACEHOLDER = '[card number removed]';
export const CODE_PLACEHOLDER = '[security code removed]';

// 12–19 digits, optionally grouped by single spaces or dashes (as printed on cards or typed by people).
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g;
// Words that announce a security code, in English and Chinese; the code itself is 3 or 4 digits.
const CODE_AFTER_WORD =
  /(\b(?:cvv2?|cvc2?|cid|csc|security\s*code|card\s*code)\b|安全码|安全碼|验证码|驗證碼|校验码|卡背(?:面)?(?:的)?(?:三位|3位)?(?:数字|码)?)(\s*(?:is|:|：|是|为|為|=)?\s*)(\d{3,4})(?!\d)/giu;

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '');
  if (digits.length < 12 || digits.length > 19) return false;
  // A run of one repeated digit passes Luhn for some lengths but is never a card.
  if (/^(\d)\1+$/.test(digits)) return false;
  // Mainland phone numbers are 11 digits and never reach here; an 86-prefixed one is 13 and starts with 86.
  if (/^861[3-9]\d{9}$/.test(digits)) return false;
  return luhnValid(digits);
}

export interface Redaction {
  text: string;
  redacted: boolean;
}

/**
 * Replaces Luhn-valid card numbers, 3–4 digit codes right after one, and codes after words like
 * CVV / CVC / 安全码. Amounts, years, phone numbers and order numbers that are not Luhn-valid stay.
 *
 * @example redactCardData('card 4242 4242 4242 4242 cvv 123').text // 'card [card number removed] cvv [security code removed]'
 */
export function redactCardData(input: string): Redaction {
  let redacted = false;
  let text = input.replace(CARD_CANDIDATE, (candidate) => {
    // "4242 4242 4242 4242 123" is one digit run with the CVC glued on: try shorter groupings too,
    // longest first, and leave the tail for the code pass below.
    const groups = candidate.split(/(?<=\d)(?=[ -])/);
    for (let count = groups.length; count >= 1; count--) {
      const prefix = groups.slice(0, count).join('');
      if (isCardNumber(prefix)) {
        redacted = true;
        return CARD_PLACEHOLDER + groups.slice(count).join('');
      }
    }
    return candidate;
  });
  if (redacted) {
    // A short number right after a card number is its CVC or expiry-less code: "4242… 123" or "4242…/123".
    const escaped = CARD_PLACEHOLDER.replace(/[[\]]/g, '\\$&');
    text = text.replace(
      new RegExp(`(${escaped}[\\s,，/|;；]*)(\\d{3,4})(?![\\d/-])`, 'g'),
      (_m, lead: string) => {
        return `${lead}${CODE_PLACEHOLDER}`;
      },
    );
  }
  text = text.replace(CODE_AFTER_WORD, (_m, word: string, gap: string) => {
    redacted = true;
    return `${word}${gap}${CODE_PLACEHOLDER}`;
  });
  return { text, redacted };
}
