import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { createAuditLog, toAuditEntry } from '../features/audit/audit-log.js';
import type { NewAuditEntry } from '../storage/audit-log.js';
import type { Storage } from '../storage/storage.js';
import { merchantByKey, UsageError, withMigratedStorage } from './tool-storage.js';

/** Who ran the command: the operator's system account (there is no sign-in on the CLI). */
function cliActor(): NewAuditEntry['actor'] {
  let name: string | null = null;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): the entry still says it came from the CLI.
  }
  return { type: 'cli', id: name, email: null };
}

/**
 * Records what an operator command did. The entry's webhook deliveries go into the shared outbox,
 * and a running server node sends them at its next poll.
 */
export async function recordCliAudit(
  storage: Storage,
  entry: Omit<NewAuditEntry, 'actor' | 'ip' | 'details'> & { details?: Record<string, unknown> },
): Promise<void> {
  await createAuditLog({ storage }).record({
    ...entry,
    actor: cliActor(),
    ip: null,
    details: entry.details ?? {},
  });
}

/**
 * `audit list --merchant pk_… [--since <ISO time>] [--limit n] [--json]`: the merchant's audit trail,
 * newest first.
 *
 * @example
 * registerAuditCommands(program);
 */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('the append-only audit log of sign-ins and sensitive actions');
  audit
    .command('list')
    .description('print audit entries, newest first')
    .requiredOption('--merchant <key>', 'the merchant key, pk_…')
    .option('--since <time>', 'only entries at or after this ISO-8601 time, e.g. 2026-12-01T00:00:00Z')
    .option('--limit <n>', 'at most this many entries (1–10000)', '100')
    .option('--json', 'print one JSON array')
    .action(async (options: { merchant: string; since?: string; limit: string; json?: boolean }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        throw new UsageError('--limit must be a whole number from 1 to 10000');
      }
      let since: string | undefined;
      if (options.since !== undefined) {
        const at = new Date(options.since);
        if (Number.isNaN(at.getTime()))
          throw new UsageError(`--since "${options.since}" is not an ISO-8601 time`);
        since = at.toISOString();
      }
      const entries = await withMigratedStorage(async (storage) => {
        const merchant = await merchantByKey(storage, options.merchant);
        const { entries } = await storage.audit.list(merchant.id, { limit, ...(since ? { since } : {}) });
        return entries.map(toAuditEntry);
      });
      if (options.json) {
        console.log(JSON.stringify(entries, null, 2));
        return;
      }
      if (entries.length === 0) {
        console.log('no audit entries');
        return;
      }
      for (const entry of entries) {
        const who = entry.actor.email ?? entry.actor.id ?? '-';
        console.log(
          [
            entry.at,
            entry.action,
            `${entry.actor.type}:${who}`,
            entry.target ?? '-',
            entry.ip ?? '-',
            JSON.stringify(entry.details),
          ].join('\t'),
        );
      }
    });
}
