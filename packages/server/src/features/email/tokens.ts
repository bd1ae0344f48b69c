import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What an email token is for. Each purpose has its own key, so a reply address cannot be used as
 * a "continue the chat" link, nor an unsubscribe link as either.
 */
export type EmailTokenPurpose = 'reply' | 'continue' | 'unsubscribe';

export interface EmailTokenClaims {
  conversationId: string;
  expiresAt: Date;
}

export interface EmailTokens {
  sign(
    purpose: EmailTokenPurpose,
    claims: { conversationId: string; visitorId: string; expiresAt: Date },
  ): string;
  /**
   * The claims of a well-formed, unexpired token whose MAC matches for `visitorOf(conversationId)`;
   * `undefined` for anything else. The visitor id is bound by the MAC but not carried, which keeps
   * the token short enough for an address's local part.
   */
  verify(
    purpose: EmailTokenPurpose,
    token: string,
    visitorOf: (conversationId: string) => Promise<string | undefined>,
  ): Promise<EmailTokenClaims | undefined>;
}

// RFC 4648 base32 in lower case: an address's local part may be case-folded on the way, and
// base32 survives that (we decode case-insensitively). 32 bytes → 52 characters.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_BYTES = 12;
const UUID_BYTES = 16;
const TOKEN_BYTES = UUID_BYTES + 4 + MAC_BYTES;
export const EMAIL_TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 8) / 5);

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | undefined {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toLowerCase()) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function uuidBytes(id: string): Buffer | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** HMAC-SHA256 tokens keyed per purpose from TOKEN_SECRET (never the JWT key itself). */
export function createEmailTokens(secret: string): EmailTokens {
  const keys: Record<EmailTokenPurpose, Buffer> = {
    reply: createHmac('sha256', secret).update('topay-support email reply address v1').digest(),
    continue: createHmac('sha256', secret).update('topay-support continue-the-chat link v1').digest(),
    unsubscribe: createHmac('sha256', secret).update('topay-support email opt-out link v1').digest(),
  };
  const mac = (purpose: EmailTokenPurpose, body: Buffer, visitorId: string) =>
    createHmac('sha256', keys[purpose]).update(body).update(visitorId).digest().subarray(0, MAC_BYTES);

  return {
    sign(purpose, claims) {
      const id = uuidBytes(claims.conversationId);
      if (!id) throw new Error('email tokens name conversations by their UUID');
      const expiry = Buffer.alloc(4);
      expiry.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000));
      const body = Buffer.concat([id, expiry]);
      return base32(Buffer.concat([body, mac(purpose, body, claims.visitorId)]));
    },
    async verify(purpose, token, visitorOf) {
      if (token.length !== EMAIL_TOKEN_LENGTH) return undefined;
      const bytes = unbase32(token);
      // Only the canonical spelling: the last character's spare bits must not make other valid tokens.
      if (!bytes || bytes.length !== TOKEN_BYTES || base32(bytes) !== token.toLowerCase()) return undefined;
      const body = bytes.subarray(0, UUID_BYTES + 4);
      const expiresAt = new Date(body.readUInt32BE(UUID_BYTES) * 1000);
      if (expiresAt.getTime() <= Date.now()) return undefined;
      const conversationId = uuidText(body.subarray(0, UUID_BYTES));
      const visitorId = await visitorOf(conversationId);
      if (visitorId === undefined) return undefined;
      const given = bytes.subarray(UUID_BYTES + 4, TOKEN_BYTES);
      if (!timingSafeEqual(given, mac(purpose, body, visitorId))) return undefined;
      return { conversationId, expiresAt };
    },
  };
}
