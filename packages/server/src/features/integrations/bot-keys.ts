import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AgentRecord } from '../../storage/agents.js';
import type { Storage } from '../../storage/storage.js';

const PREFIX = 'tps_bot_';
const KEY_PATTERN =
  /^tps_bot_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** Writing `last_used_at` on every request would turn each read into a write; once a minute is plenty. */
const TOUCH_EVERY_MS = 60_000;

/** Whether a bearer token is shaped like a bot key (as opposed to an agent's login token). */
export function isBotKey(token: string): boolean {
  return token.startsWith(PREFIX);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * A new bot key: `tps_bot_<bot id>_<32 random bytes, base64url>`. Only the SHA-256 of the random
 * part is stored; with 256 bits of entropy a plain hash is enough (no password-style stretching).
 *
 * @example
 * const { id, key, keyHash } = generateBotKey();
 * await storage.bots.create({ id, merchantId, name: 'Refund bot', keyHash });
 * console.log(key); // shown once
 */
export function generateBotKey(): { id: string; key: string; keyHash: string } {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `${PREFIX}${id}_${secret}`, keyHash: hashSecret(secret) };
}

/**
 * The bot behind a key, as the agent it acts as, or `undefined` for a malformed, unknown, revoked or
 * disabled key. Read from the database on every call, so a revocation takes effect at once.
 */
export async function authenticateBotKey(storage: Storage, key: string): Promise<AgentRecord | undefined> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  const bot = await storage.bots.findById(id);
  const given = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(bot?.keyHash ?? '', 'hex');
  const valid = expected.length === given.length && timingSafeEqual(expected, given);
  if (!bot || !valid || bot.revokedAt !== null) return undefined;
  const agent = await storage.agents.findById(bot.id);
  if (agent?.role !== 'bot' || agent.disabledAt !== null || agent.merchantId !== bot.merchantId) {
    return undefined;
  }
  if (bot.lastUsedAt === null || Date.now() - Date.parse(bot.lastUsedAt) > TOUCH_EVERY_MS) {
    // Bookkeeping for `bot list`; a failure here must not fail the request.
    storage.bots.touch(bot.id).catch(() => undefined);
  }
  return agent;
}
