/**
 * Reads of what changes rarely but is read with every message (a merchant's settings, its webhooks),
 * each kept for `ttlMs`. A write through the same repository forgets the key at once; a change made
 * elsewhere (another node, the CLI) is seen within `ttlMs`. Callers share the value: never mutate it.
 */
export interface RecentReads<K, V> {
  get(key: K): Promise<V>;
  /** Forgets one key, or every key. */
  forget(key?: K): void;
}

/** Past this many keys the expired ones are dropped: keys come from a table, not from visitors. */
const SWEEP_AT = 10_000;

export function recentReads<K, V>(
  load: (key: K) => Promise<V>,
  ttlMs: number,
  now: () => number = () => Date.now(),
): RecentReads<K, V> {
  const entries = new Map<K, { value: Promise<V>; until: number }>();
  return {
    get(key) {
      const at = now();
      const hit = entries.get(key);
      if (hit && hit.until > at) return hit.value;
      if (entries.size >= SWEEP_AT) {
        for (const [k, entry] of entries) if (entry.until <= at) entries.delete(k);
      }
      const value = load(key);
      const entry = { value, until: at + ttlMs };
      entries.set(key, entry);
      // A failed read is not remembered: the next caller tries again.
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    forget(key) {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}
