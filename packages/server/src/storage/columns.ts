import { type Expression, sql } from 'kysely';

/**
 * A text column to sort by, compared by code point in both dialects: SQLite's default (BINARY) does
 * that, and Postgres would otherwise sort by the database's locale, which the operator chose, not us.
 */
export function byCodePoint(dialect: 'sqlite' | 'postgres', column: string): Expression<string> {
  return dialect === 'postgres'
    ? sql<string>`${sql.ref(column)} collate "C"`
    : sql<string>`${sql.ref(column)}`;
}
