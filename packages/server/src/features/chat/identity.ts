import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `userHash` = lowercase hex HMAC-SHA256 of `userId` keyed with the merchant secret
 * (docs/script-tag.md), in constant time so the comparison leaks nothing about the expected value.
 */
export function verifyUserHash(merchantSecret: string, userId: string, userHash: string): boolean {
  const expected = createHmac('sha256', merchantSecret).update(userId, 'utf8').digest();
  if (!/^[0-9a-f]{64}$/.test(userHash)) return false;
  return timingSafeEqual(expected, Buffer.from(userHash, 'hex'));
}

/** What a merchant's server computes; exported for tests, examples and the CLI. */
export function computeUserHash(merchantSecret: string, userId: string): string {
  return createHmac('sha256', merchantSecret).update(userId, 'utf8').digest('hex');
}
