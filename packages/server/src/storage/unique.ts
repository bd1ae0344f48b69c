/**
 * The unique key on (author, client id) already holds this input: a batch found it taken and left the
 * input out instead of letting the database refuse the whole statement. Callers treat it exactly
 * like the database's own refusal.
 */
export class DuplicateKeyError extends Error {
  override readonly name = 'DuplicateKeyError';
}

/** Whether a database error is a unique-constraint violation, in SQLite (better-sqlite3) or Postgres (pg). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof DuplicateKeyError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** A unique key (merchant key, agent email, …) is taken. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
