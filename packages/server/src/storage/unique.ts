/** Whether a database error is a unique-constraint violation, in SQLite (better-sqlite3) or Postgres (pg). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** A unique key (merchant key, agent email, …) is taken. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
