import type { Kysely } from 'kysely';
import { nowText } from './columns.js';
import type { Database } from './schema.js';

/** The outboxes whose rows are leased to one node at a time (webhook deliveries, reply emails). */
type LeasedTable = 'email_outbox' | 'webhook_deliveries';

/**
 * Leases up to `limit` due rows of `table` to `token` until `leaseUntil`, oldest due first, in one
 * statement. Each row is re-checked as it is updated (in Postgres a row another node claimed meanwhile
 * fails the re-check; SQLite has one writer at a time), so a row is never leased twice while a lease
 * holds. A lease that ran out (its node died mid-send) is due again. The caller reads its rows by token.
 */
export async function leaseDue(
  db: Kysely<Database>,
  table: LeasedTable,
  lease: { token: string; now: string; leaseUntil: string; limit: number },
): Promise<void> {
  const { token, now: at, leaseUntil, limit } = lease;
  await db
    .updateTable(table)
    .set({ locked_until: leaseUntil, lock_token: token, updated_at: at })
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(table)
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where((inner) => inner.or([inner('locked_until', 'is', null), inner('locked_until', '<=', at)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    )
    .execute();
}

/** Gives a lease back untried (shutdown), due at once; only its holder can. */
export async function releaseLease(
  db: Kysely<Database>,
  table: LeasedTable,
  claim: { id: string; claimToken: string },
): Promise<void> {
  await db
    .updateTable(table)
    .set({ locked_until: null, lock_token: null, updated_at: nowText() })
    .where('id', '=', claim.id)
    .where('lock_token', '=', claim.claimToken)
    .execute();
}
