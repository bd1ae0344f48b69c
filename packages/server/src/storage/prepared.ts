import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs SQL that was compiled once with new parameters. Building and compiling a Kysely query costs
 * about 20 µs of CPU and Kysely's driver layers as much again, against 7 µs for the statement itself
 * on SQLite: on the message path that was most of a message's cost (issue 16). SQLite's runner
 * executes the cached statement directly, under the same lock Kysely's connection takes; Postgres's
 * hands the compiled text to Kysely's executor, skipping only the building.
 */
export interface QueryRunner {
  rows<Row>(sql: string, parameters: readonly unknown[]): Promise<Row[]>;
  /**
   * SQLite only: `work` runs inside one transaction, synchronously, with nothing else on the
   * connection; it commits when `work` returns and rolls back when it throws. A batch of messages
   * then costs its statements and nothing between them.
   */
  transaction?<T>(work: (query: SyncQuery) => T): Promise<T>;
}

/** Runs one statement inside `QueryRunner.transaction`: its rows (none for a write). */
export type SyncQuery = <Row>(sql: string, parameters: readonly unknown[]) => Row[];

export function kyselyRunner(db: Kysely<Database>): QueryRunner {
  return {
    async rows<Row>(sql: string, parameters: readonly unknown[]) {
      return (await db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]))).rows;
    },
  };
}

/** Marks where an argument goes in the compiled parameters; no real value starts with NUL. */
const SLOT = '\u0000prepared:';

/**
 * A query built and compiled once, run with arguments by name. `build` receives `arg(name)`, which
 * stands for that argument wherever the builder takes a value.
 *
 * @example
 * const byId = prepare(runner, (arg: Arg<{ id: string }>) =>
 *   db.selectFrom('conversations').selectAll().where('id', '=', arg('id')));
 * const [row] = await byId({ id });
 */
export function prepare<Args extends object, Row>(
  runner: QueryRunner,
  build: (arg: Arg<Args>) => Compilable<Row>,
): (args: Args) => Promise<Row[]> {
  const compiled = compileWithArgs(build);
  return (args) => runner.rows<Row>(compiled.sql, compiled.parameters(args));
}

/** A query compiled once with named arguments (see `prepare`): its SQL, and its parameters for `args`. */
export interface CompiledWithArgs<Args> {
  sql: string;
  parameters(args: Args): unknown[];
}

export function compileWithArgs<Args extends object, Row>(
  build: (arg: Arg<Args>) => Compilable<Row>,
): CompiledWithArgs<Args> {
  const compiled = build(((name: string) => `${SLOT}${name}`) as Arg<Args>).compile();
  const slots = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(SLOT) ? value.slice(SLOT.length) : undefined,
  );
  return {
    sql: compiled.sql,
    parameters: (args) =>
      slots.map((slot, i) => (slot === undefined ? compiled.parameters[i] : args[slot as keyof Args])),
  };
}

/** Stands for the argument `name` inside a prepared query (typed as that argument). */
export type Arg<Args extends object> = <K extends keyof Args & string>(name: K) => Args[K];

/** An object of `sample`'s keys, each standing for the argument of that name (a whole row as arguments). */
export function argsLike<T extends object>(sample: T, arg: Arg<T>): T {
  return Object.fromEntries(Object.keys(sample).map((key) => [key, arg(key as keyof T & string)])) as T;
}
