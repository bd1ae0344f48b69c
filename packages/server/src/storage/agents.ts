import { randomUUID } from 'node:crypto';
import type { AgentRole } from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import { byCodePoint, type Dialect, nowText, readInt } from './columns.js';
import { type Arg, prepare, type QueryRunner } from './prepared.js';
import type { Database } from './schema.js';
import { ConflictError, isUniqueViolation } from './unique.js';

export interface AgentRecord {
  id: string;
  merchantId: string;
  email: string;
  name: string;
  /** `bot`: acts through an API key (`topay-support bot create`), never logs in, never takes round-robin chats. */
  role: AgentRole | 'bot';
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
  /** Tokens carry it; a password change or disable bumps it, so every older token stops working. */
  tokenVersion: number;
  /** Two-factor sign-in is on (enrolment confirmed). */
  twoFactorEnabled: boolean;
}

export type NewAgent = Omit<
  AgentRecord,
  'id' | 'createdAt' | 'disabledAt' | 'tokenVersion' | 'twoFactorEnabled'
>;

export interface AgentRepository {
  create(input: NewAgent): Promise<AgentRecord>;
  findByEmail(email: string): Promise<AgentRecord | undefined>;
  findById(id: string): Promise<AgentRecord | undefined>;
  listByMerchant(merchantId: string): Promise<AgentRecord[]>;
  /** Also bumps the token version: every session of the agent ends. */
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /** A disabled agent cannot log in, and tokens already issued stop working at once (the version is bumped). */
  setDisabled(id: string, disabled: boolean): Promise<void>;
  setRole(id: string, role: AgentRecord['role']): Promise<void>;
}

function toAgent(row: Database['agents']): AgentRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    email: row.email,
    name: row.name,
    role: row.role as AgentRecord['role'],
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    tokenVersion: readInt(row.token_version ?? 0),
    twoFactorEnabled: row.totp_enabled_at !== null && row.totp_enabled_at !== undefined,
  };
}

export function createAgentRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  runner: QueryRunner,
): AgentRepository {
  // Read for every message an agent sends (a disabled agent loses the socket's powers at once).
  const byId = prepare(runner, (arg: Arg<{ id: string }>) =>
    db.selectFrom('agents').selectAll().where('id', '=', arg('id')),
  );
  return {
    async create(input) {
      const row: Database['agents'] = {
        id: randomUUID(),
        merchant_id: input.merchantId,
        email: input.email.trim().toLowerCase(),
        name: input.name,
        role: input.role,
        password_hash: input.passwordHash,
        disabled_at: null,
        created_at: nowText(),
        token_version: 0,
      };
      try {
        await db.insertInto('agents').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`an agent with email ${row.email} exists already`);
        throw error;
      }
      return toAgent(row);
    },
    async findByEmail(email) {
      const row = await db
        .selectFrom('agents')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return row && toAgent(row);
    },
    async findById(id) {
      const [row] = await byId({ id });
      return row && toAgent(row);
    },
    async listByMerchant(merchantId) {
      const rows = await db
        .selectFrom('agents')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        // Bots (API keys) are not people to transfer to or show in presence; `bot list` shows them.
        .where('role', '!=', 'bot')
        .orderBy(byCodePoint(dialect, 'name'))
        .orderBy('id')
        .execute();
      return rows.map(toAgent);
    },
    async setPasswordHash(id, passwordHash) {
      await db
        .updateTable('agents')
        .set((eb) => ({ password_hash: passwordHash, token_version: eb('token_version', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
    async setDisabled(id, disabled) {
      await db
        .updateTable('agents')
        .set((eb) =>
          disabled
            ? { disabled_at: nowText(), token_version: eb('token_version', '+', 1) }
            : { disabled_at: null },
        )
        .where('id', '=', id)
        .execute();
    },
    async setRole(id, role) {
      // A role travels in tokens: the old ones end with the change rather than keep the old powers.
      await db
        .updateTable('agents')
        .set((eb) => ({ role, token_version: eb('token_version', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
  };
}
