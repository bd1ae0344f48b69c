import { loadConfig, type Mode } from '../config.js';
import { openStorage } from '../storage/index.js';
import type { MerchantRecord } from '../storage/merchants.js';
import type { Storage } from '../storage/storage.js';

/** A failure the operator can fix; printed as one line without a stack trace, exit code 1. */
export class UsageError extends Error {}

/** Opens the configured database for one operator command and closes it afterwards. */
export async function withStorage<T>(mode: Mode, work: (storage: Storage) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, mode);
  const storage = openStorage(config.database);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** The database an operator command reads or writes, brought up to date first. */
export function withMigratedStorage<T>(work: (storage: Storage) => Promise<T>): Promise<T> {
  return withStorage('tool', async (storage) => {
    await storage.migrate();
    return work(storage);
  });
}

/** The merchant a `--merchant <key>` names, or the usage error that says there is none. */
export async function merchantByKey(storage: Storage, key: string): Promise<MerchantRecord> {
  const found = await storage.merchants.findByKey(key);
  if (!found) throw new UsageError(`no merchant with key ${key}`);
  return found;
}
