import { type Expression, sql } from 'kysely';

// How record values sit in columns, the same in SQLite and Postgres: every conversion between a row
// and a record goes through these, so a rule (a flag is 0/1, JSON is text, a count may come as a
// string) is written once.

/** The two databases one query layer serves. */
export type Dialect = 'sqlite' | 'postgres';

/** The time now as stored: ISO-8601 UTC text, which sorts as time does in both dialects. */
export function nowText(): string {
  return new Date().toISOString();
}

/** A boolean in an integer column: SQLite has no boolean type, so both dialects store 0 or 1. */
export function writeFlag(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/**
 * A flag read back: a stored one is 0/1; a computed one (`exists (…)`) is 0/1 from SQLite and
 * true/false from Postgres.
 */
export function readFlag(value: number | boolean | string): boolean {
  return value === true || Number(value) === 1;
}

/** A flag that may be unset (a visitor's feedback not given yet). */
export function readFlagOrNull(value: number | boolean | string | null | undefined): boolean | null {
  return value === null || value === undefined ? null : readFlag(value);
}

/**
 * An integer read back. Ours fit in 2^53, but Postgres hands int8 over (count(*), bigint columns) as
 * text unless the pool parses it, and an expression's type is not always the column's: one rule.
 */
export function readInt(value: number | bigint | string): number {
  return Number(value);
}

export function readIntOrNull(value: number | bigint | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** JSON in a text column: neither dialect's JSON type works the same in the other. */
export function writeJson(value: unknown): string {
  return JSON.stringify(value);
}

/** A JSON column read back; its shape is what `writeJson` was given (rows are only written by us). */
export function readJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** A nullable JSON column: absent and null values are stored as SQL NULL, not the text `null`. */
export function writeJsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function readJsonOrNull<T>(text: string | null | undefined): T | null {
  return text === null || text === undefined ? null : (JSON.parse(text) as T);
}

/**
 * A text column to sort by, compared by code point in both dialects: SQLite's default (BINARY) does
 * that, and Postgres would otherwise sort by the database's locale, which the operator chose, not us.
 */
export function byCodePoint(dialect: Dialect, column: string): Expression<string> {
  return dialect === 'postgres'
    ? sql<string>`${sql.ref(column)} collate "C"`
    : sql<string>`${sql.ref(column)}`;
}
