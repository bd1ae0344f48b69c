// Runs on the visitor's text before sending: the server redacts card data anyway, but a visitor worried about a
// payment should learn they were about to post a card number before it leaves the page.

// 12–19 digits, single spaces or dashes allowed between them, not glued to other digits or a leading `+`
// (a phone number in international form).
const CANDIDATE = /(?<![\d+])\d(?:[ -]?\d){11,18}(?!\d)/g;
const CVC =
  /(?:\bcvv2?|\bcvc2?|\bcvn2?|\bcsc|security\s*code|安全码|卡背面?(?:的)?(?:后)?三位(?:数|数字)?)\s*(?:is|:|：|是|为|=)?\s*\d{3,4}(?!\d)/i;

/** The Luhn checksum every payment card number satisfies (and most order numbers do not). */
export function luhn(digits: string): boolean {
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

/** Whether `text` seems to hold a card number (Luhn-valid 12–19 digits) or a security code after CVV/CVC/安全码. */
export function looksLikeCardData(text: string): boolean {
  if (CVC.test(text)) return true;
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, '');
    // A run of one digit ("0000 0000 0000") passes Luhn but is a placeholder, not a card.
    if (luhn(digits) && !/^(\d)\1+$/.test(digits)) return true;
  }
  return false;
}
