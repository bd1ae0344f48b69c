import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server for the Postgres suites (`scripts/services.sh start` prints it); unset = those suites skip. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

/**
 * Whether the Postgres suites run. Unset says so loudly and skips; under CI (`CI` set) a missing
 * TEST_DATABASE_URL is a broken pipeline, not a reason to go green, so it throws instead.
 *
 * @example
 * describe.skipIf(!postgresAvailable('storage contract'))('storage contract on Postgres', () => { … });
 */
export function postgresAvailable(suite: string): boolean {
  if (TEST_DATABASE_URL) return true;
  if (process.env.CI) {
    throw new Error(
      `${suite}: TEST_DATABASE_URL is not set under CI; run eval "$(scripts/services.sh start)"`,
    );
  }
  console.warn(
    `\n!!! SKIPPED: ${suite} on Postgres — TEST_DATABASE_URL is not set (eval "$(scripts/services.sh start)" to run it)\n`,
  );
  return false;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database on the TEST_DATABASE_URL server (which must allow `create database`), so
 * each suite or test starts from nothing and several can run at once. `drop()` removes it even
 * while connections are still open.
 *
 * @example
 * const database = await createTestDatabase();
 * const storage = openPostgresStorage(database.url);
 * // …
 * await storage.close();
 * await database.drop();
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('createTestDatabase needs TEST_DATABASE_URL');
  const name = `topay_c_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      // `with (force)` (Postgres 13+) ends connections a test left open instead of failing.
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
