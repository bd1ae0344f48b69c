import { randomUUID } from 'node:crypto';
import type {
  AssistantMode,
  BusinessHours,
  ColorScheme,
  ContactChannel,
  Locale,
  WidgetPosition,
} from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import { nowText, readJson, writeJson } from './columns.js';
import { type Arg, prepare, type QueryRunner } from './prepared.js';
import { recentReads } from './recent.js';
import type { Database, MerchantTable } from './schema.js';
import { ConflictError, isUniqueViolation } from './unique.js';

export interface MerchantSettings {
  color: string;
  position: WidgetPosition;
  colorScheme: ColorScheme;
  greeting: Partial<Record<Locale, string>>;
  /** Ask visitors for name and email before a chat. */
  preChatForm?: boolean;
  /** When set, agents answer only within these hours; outside them the widget takes offline messages. */
  businessHours?: BusinessHours;
  /** Shown on the widget's home view; only an absolute `https:` URL is ever sent to visitors. */
  logoUrl?: string;
  /** Phone, email, WeChat… shown on the home view; unusable ones (a `javascript:` URL) are never sent. */
  contactChannels?: ContactChannel[];
  /** Accept only visitors identified with a valid `userHash`; anonymous and forged ones are refused. */
  requireIdentity?: boolean;
  /** `round_robin` assigns new conversations to the online agent with the most free capacity. */
  assignment?: 'manual' | 'round_robin';
  /** Conversations one agent handles at once under round-robin. */
  agentCapacity?: number;
  /** Agents must sign in with a TOTP code; those without one enrol at their next sign-in. */
  requireTwoFactor?: boolean;
  /** The assistant (docs/assistant.md); absent = off. */
  assistant?: AssistantSettings;
  /**
   * The merchant's page (with the widget) that "continue the chat" links in reply emails open;
   * absent = this server's demo page (docs/email.md).
   */
  continueUrl?: string;
}

export interface AssistantSettings {
  mode: AssistantMode;
  /** Shown as the author of its replies. */
  name: string;
  /** How the merchant wants it to sound; given to a configured model, never to the built-in answerer. */
  persona?: string;
}

export interface MerchantRecord {
  id: string;
  key: string;
  secret: string;
  name: string;
  defaultLocale: Locale;
  allowedOrigins: string[];
  settings: MerchantSettings;
  createdAt: string;
}

export type NewMerchant = Omit<MerchantRecord, 'id' | 'createdAt'>;

export interface MerchantRepository {
  create(input: NewMerchant): Promise<MerchantRecord>;
  findByKey(key: string): Promise<MerchantRecord | undefined>;
  findById(id: string): Promise<MerchantRecord | undefined>;
  /**
   * `findById` as read within the last `recentMs` (storage/recent.ts), for the message path. Updates
   * through this storage show at once, others within `recentMs`. The record is shared: read it only.
   */
  findRecent(id: string): Promise<MerchantRecord | undefined>;
  list(): Promise<MerchantRecord[]>;
  update(
    id: string,
    patch: Partial<Pick<MerchantRecord, 'name' | 'secret' | 'defaultLocale' | 'allowedOrigins' | 'settings'>>,
  ): Promise<MerchantRecord | undefined>;
}

function toMerchant(row: MerchantTable): MerchantRecord {
  return {
    id: row.id,
    key: row.key,
    secret: row.secret,
    name: row.name,
    defaultLocale: row.default_locale as MerchantRecord['defaultLocale'],
    allowedOrigins: readJson<string[]>(row.allowed_origins),
    settings: readJson<MerchantSettings>(row.settings),
    createdAt: row.created_at,
  };
}

export function createMerchantRepository(
  db: Kysely<Database>,
  runner: QueryRunner,
  recentMs: number,
): MerchantRepository {
  // Read on every connection.
  const byId = prepare(runner, (arg: Arg<{ id: string }>) =>
    db.selectFrom('merchants').selectAll().where('id', '=', arg('id')),
  );
  const findById = async (id: string) => {
    const [row] = await byId({ id });
    return row && toMerchant(row);
  };
  // The assistant reads its merchant's settings for every visitor message.
  const recent = recentReads(findById, recentMs);
  const byKey = prepare(runner, (arg: Arg<{ key: string }>) =>
    db.selectFrom('merchants').selectAll().where('key', '=', arg('key')),
  );
  return {
    async create(input) {
      const row: MerchantTable = {
        id: randomUUID(),
        key: input.key,
        secret: input.secret,
        name: input.name,
        default_locale: input.defaultLocale,
        allowed_origins: writeJson(input.allowedOrigins),
        settings: writeJson(input.settings),
        created_at: nowText(),
      };
      try {
        await db.insertInto('merchants').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`a merchant with key ${input.key} exists already`);
        throw error;
      }
      return toMerchant(row);
    },
    async findByKey(key) {
      const [row] = await byKey({ key });
      return row && toMerchant(row);
    },
    findById,
    findRecent: (id) => recent.get(id),
    async list() {
      const rows = await db.selectFrom('merchants').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toMerchant);
    },
    async update(id, patch) {
      recent.forget(id);
      const values: Partial<MerchantTable> = {};
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.secret !== undefined) values.secret = patch.secret;
      if (patch.defaultLocale !== undefined) values.default_locale = patch.defaultLocale;
      if (patch.allowedOrigins !== undefined) values.allowed_origins = writeJson(patch.allowedOrigins);
      if (patch.settings !== undefined) values.settings = writeJson(patch.settings);
      if (Object.keys(values).length === 0) {
        const row = await db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
        return row && toMerchant(row);
      }
      const row = await db
        .updateTable('merchants')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      // Again once written: a read that raced the update may have kept the old row.
      recent.forget(id);
      return row && toMerchant(row);
    },
  };
}
