import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowText, readInt, readIntOrNull } from './columns.js';
import type { Database } from './schema.js';

/** An agent's TOTP state as stored: the secret stays encrypted here. */
export interface AgentTotpRecord {
  encryptedSecret: string | null;
  enabledAt: string | null;
  lastStep: number | null;
}

/** Two-factor state and recovery codes. */
export interface AgentTotpRepository {
  find(agentId: string): Promise<AgentTotpRecord | undefined>;
  /** Stores a new secret not yet confirmed; refused (`false`) while two-factor sign-in is on. */
  begin(agentId: string, encryptedSecret: string): Promise<boolean>;
  /**
   * Confirms enrolment with the step of the code that proved it and replaces the recovery codes,
   * in one transaction; `false` when there was no pending secret.
   */
  enable(agentId: string, step: number, recoveryCodeHashes: string[]): Promise<boolean>;
  /** Turns two-factor sign-in off and removes the secret and recovery codes. */
  disable(agentId: string): Promise<void>;
  /**
   * Records that the code of `step` was used, if it is newer than any used before: one guarded
   * UPDATE, so two nodes verifying the same code at once accept it once. `false` = a replay.
   */
  useStep(agentId: string, step: number): Promise<boolean>;
  /** Marks an unused recovery code used; `false` when none matches (or it was used already). */
  useRecoveryCode(agentId: string, codeHash: string): Promise<boolean>;
  recoveryCodesLeft(agentId: string): Promise<number>;
}

export function createAgentTotpRepository(db: Kysely<Database>): AgentTotpRepository {
  return {
    async find(agentId) {
      const row = await db
        .selectFrom('agents')
        .select(['totp_secret', 'totp_enabled_at', 'totp_last_step'])
        .where('id', '=', agentId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        encryptedSecret: row.totp_secret ?? null,
        enabledAt: row.totp_enabled_at ?? null,
        lastStep: readIntOrNull(row.totp_last_step),
      };
    },
    async begin(agentId, encryptedSecret) {
      const result = await db
        .updateTable('agents')
        .set({ totp_secret: encryptedSecret, totp_enabled_at: null, totp_last_step: null })
        .where('id', '=', agentId)
        .where('totp_enabled_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async enable(agentId, step, recoveryCodeHashes) {
      return db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('agents')
          .set({ totp_enabled_at: nowText(), totp_last_step: step })
          .where('id', '=', agentId)
          .where('totp_enabled_at', 'is', null)
          .where('totp_secret', 'is not', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        await trx.deleteFrom('agent_recovery_codes').where('agent_id', '=', agentId).execute();
        if (recoveryCodeHashes.length === 0) return true;
        const at = nowText();
        await trx
          .insertInto('agent_recovery_codes')
          .values(
            recoveryCodeHashes.map((hash) => ({
              id: randomUUID(),
              agent_id: agentId,
              code_hash: hash,
              used_at: null,
              created_at: at,
            })),
          )
          .execute();
        return true;
      });
    },
    async disable(agentId) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('agents')
          .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
          .where('id', '=', agentId)
          .execute();
        await trx.deleteFrom('agent_recovery_codes').where('agent_id', '=', agentId).execute();
      });
    },
    async useStep(agentId, step) {
      const result = await db
        .updateTable('agents')
        .set({ totp_last_step: step })
        .where('id', '=', agentId)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async useRecoveryCode(agentId, codeHash) {
      const result = await db
        .updateTable('agent_recovery_codes')
        .set({ used_at: nowText() })
        .where('agent_id', '=', agentId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) >= 1;
    },
    async recoveryCodesLeft(agentId) {
      const row = await db
        .selectFrom('agent_recovery_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('agent_id', '=', agentId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return readInt(row?.n ?? 0);
    },
  };
}
