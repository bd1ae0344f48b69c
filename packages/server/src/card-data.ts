import { CARD_PLACEHOLDER, containsCardData, redactCardData } from '@topay-support/protocol';

/**
 * Where the server applies the protocol's card-data detector to text that is not a chat message
 * (messages and their `redacted` flag are the chat service's): the profile fields of the visitor
 * schemas, attachment names, and every log line.
 */

function percentDecoded(text: string): string | undefined {
  if (!/%[0-9a-f]{2}|\+/i.test(text)) return undefined;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Removes card data from free text. Text that may be percent-encoded (a page URL, a request line, a
 * file name header) is also read decoded: `4242%204242%204242%204242` is a card number too, and then
 * the decoded text is what remains, redacted.
 *
 * @example scrubCardData('/search?q=4242%204242%204242%204242') // '/search?q=[card number removed]'
 */
export function scrubCardData(text: string): string {
  const decoded = percentDecoded(text);
  if (decoded !== undefined) {
    const result = redactCardData(decoded);
    if (result.redacted) return result.text;
  }
  return redactCardData(text).text;
}

/** An email address holding a card number is refused rather than mangled: mail to it would go nowhere. */
export function emailHoldsCardData(email: string): boolean {
  return containsCardData(email) || containsCardData(email.replace(/[._+]/g, ' '));
}

/**
 * `setAttributes` values are the merchant page's, typed or chosen by the visitor: strings are scrubbed,
 * and a number whose digits form a card number (`cardNumber: 4242424242424242` fits in a double
 * exactly) is replaced by the placeholder. Keys are scrubbed too.
 */
export function scrubAttributes(
  attributes: Record<string, string | number | boolean | null>,
): Record<string, string | number | boolean | null> {
  const clean: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(attributes)) {
    clean[scrubCardData(key)] =
      typeof value === 'string'
        ? scrubCardData(value)
        : typeof value === 'number' && containsCardData(String(value))
          ? CARD_PLACEHOLDER
          : value;
  }
  return clean;
}
