import type { Kysely } from 'kysely';
import { nowText } from './columns.js';
import type { BotKeyTable, Database } from './schema.js';

// Portable on purpose (SQLite and Postgres): times are ISO text, which sorts as time does; JSON is
// text; no RETURNING on the claim, no SKIP LOCKED, no dialect-specific functions.

/** A bot: an agent row with role `bot` that acts through an API key and never logs in with a password. */
export interface BotRecord {
  /** Also the bot's agent id: its messages carry it as `author.id`. */
  id: string;
  merchantId: string;
  name: string;
  /** SHA-256 (hex) of the key's secret part; the key itself is never stored. */
  keyHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface BotRepository {
  /** Creates the bot's agent row (role `bot`, no usable password) and its key hash together. */
  create(input: { id: string; merchantId: string; name: string; keyHash: string }): Promise<BotRecord>;
  findById(id: string): Promise<BotRecord | undefined>;
  /** Bots whose id starts with `prefix` (for the CLI's `bot revoke <id-or-prefix>`). */
  findByIdPrefix(prefix: string): Promise<BotRecord[]>;
  list(merchantId: string): Promise<BotRecord[]>;
  /** Marks the key revoked and disables the bot's agent row; `false` when there is no such bot. */
  revoke(id: string): Promise<boolean>;
  touch(id: string): Promise<void>;
}

function toBot(row: BotKeyTable & { name: string }): BotRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    name: row.name,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function createBotRepository(db: Kysely<Database>): BotRepository {
  const botQuery = () =>
    db
      .selectFrom('bot_keys')
      .innerJoin('agents', 'agents.id', 'bot_keys.id')
      .selectAll('bot_keys')
      .select('agents.name');

  return {
    async create(input) {
      const at = nowText();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('agents')
          .values({
            id: input.id,
            merchant_id: input.merchantId,
            // Agents need a unique email; `.invalid` can never receive mail or match a login.
            email: `bot-${input.id}@bots.invalid`,
            name: input.name,
            role: 'bot',
            // Not a scrypt hash, so no password ever verifies against it.
            password_hash: '!bot',
            disabled_at: null,
            created_at: at,
            token_version: 0,
          })
          .execute();
        await trx
          .insertInto('bot_keys')
          .values({
            id: input.id,
            merchant_id: input.merchantId,
            key_hash: input.keyHash,
            created_at: at,
            last_used_at: null,
            revoked_at: null,
          })
          .execute();
      });
      return {
        id: input.id,
        merchantId: input.merchantId,
        name: input.name,
        keyHash: input.keyHash,
        createdAt: at,
        lastUsedAt: null,
        revokedAt: null,
      };
    },
    async findById(id) {
      const row = await botQuery().where('bot_keys.id', '=', id).executeTakeFirst();
      return row && toBot(row);
    },
    async findByIdPrefix(prefix) {
      // Ids are UUIDs: anything else cannot match, and LIKE wildcards never reach the query.
      if (!/^[0-9a-f-]+$/.test(prefix)) return [];
      const rows = await botQuery()
        .where('bot_keys.id', 'like', `${prefix}%`)
        .orderBy('bot_keys.created_at')
        .limit(20)
        .execute();
      return rows.map(toBot);
    },
    async list(merchantId) {
      const rows = await botQuery()
        .where('bot_keys.merchant_id', '=', merchantId)
        .orderBy('bot_keys.created_at')
        .execute();
      return rows.map(toBot);
    },
    async revoke(id) {
      const at = nowText();
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('bot_keys')
          .set({ revoked_at: at })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        await trx
          .updateTable('agents')
          .set({ disabled_at: at })
          .where('id', '=', id)
          .where('role', '=', 'bot')
          .where('disabled_at', 'is', null)
          .execute();
        if (Number(result.numUpdatedRows) > 0) return true;
        // Revoking twice is fine; revoking nothing is not.
        const found = await trx.selectFrom('bot_keys').select('id').where('id', '=', id).executeTakeFirst();
        return found !== undefined;
      });
    },
    async touch(id) {
      await db.updateTable('bot_keys').set({ last_used_at: nowText() }).where('id', '=', id).execute();
    },
  };
}
