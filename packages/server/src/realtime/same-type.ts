/*
 * "Same type", strict enough to hold a schema to its protocol type: each assignable to the other is
 * not enough, because `{ a: string }` and `{ a: string; b?: string }` are assignable both ways and a
 * dropped optional field would pass. Comparing the types themselves (TypeScript's identity check,
 * after flattening intersections at every depth) catches a key one side lacks, optional or not.
 */

type Flat<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? Flat<U>[]
    : T extends object
      ? { [K in keyof T]: Flat<T[K]> }
      : T;

/** True only when A and B have the same keys, each optional or required alike, with the same types. */
export type Same<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;

/** Compiles only for `true`: `same<Same<A, B>>()` fails tsc when A and B drift apart. */
export function same<_T extends true>(): void {}
