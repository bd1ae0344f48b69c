import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { TOTP_DIGITS } from '@topay-support/protocol';
import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 defaults, what every authenticator app expects. */
const PERIOD_SECONDS = 30;
const ISSUER = 'topay-support';

export interface TotpCodec {
  /** AES-256-GCM with a key derived from TOKEN_SECRET: a copy of the database alone gives no secrets. */
  encrypt(secret: string): string;
  decrypt(stored: string): string | undefined;
}

/**
 * Encrypts TOTP secrets at rest. The key is derived (HKDF) from `TOKEN_SECRET`, which every node
 * shares: rotating TOKEN_SECRET therefore turns two-factor sign-in off in effect (operators run
 * `agent reset-2fa` for each agent), as documented in the README.
 */
export function createTotpCodec(tokenSecret: string): TotpCodec {
  const key = Buffer.from(hkdfSync('sha256', tokenSecret, 'topay-support', 'totp-secret-v1', 32));
  return {
    encrypt(secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split('.');
      if (version !== 'v1' || !iv || !tag || !body) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` URI an authenticator app reads (from a QR code or pasted). */
export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret, digits: TOTP_DIGITS, period: PERIOD_SECONDS });
}

/**
 * The time step a code matches within ±1 step (clock drift of up to 30 s either way), or
 * `undefined`. Refusing a step already used (replay) is the caller's job, through storage, so it
 * holds across nodes.
 */
export async function matchTotp(secret: string, code: string, at = Date.now()): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d+$/.test(token) || token.length !== TOTP_DIGITS) return undefined;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(at / 1000),
    epochTolerance: PERIOD_SECONDS,
    period: PERIOD_SECONDS,
    digits: TOTP_DIGITS,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like `k7mq-x2p9-hr4t` (about 70 bits each), shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Stored form of a recovery code: case, spaces and dashes do not matter when it is typed back. */
export function hashRecoveryCode(code: string): string {
  const normalised = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return createHash('sha256').update(normalised).digest('hex');
}
