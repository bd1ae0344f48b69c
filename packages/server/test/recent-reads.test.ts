import { describe, expect, it } from 'vitest';
import { recentReads } from '../src/storage/recent.js';

describe('recentReads', () => {
  it('reads a key once per ttl, again after forget, and never keeps a failed read', async () => {
    let now = 0;
    const loads: string[] = [];
    let fail = false;
    const reads = recentReads(
      async (key: string) => {
        loads.push(key);
        if (fail) throw new Error('the database is away');
        return `${key}@${now}`;
      },
      1_000,
      () => now,
    );
    expect(await Promise.all([reads.get('a'), reads.get('a')])).toEqual(['a@0', 'a@0']);
    now = 999;
    expect(await reads.get('a')).toBe('a@0');
    now = 1_000;
    expect(await reads.get('a')).toBe('a@1000');
    reads.forget('a');
    expect(await reads.get('a')).toBe('a@1000');
    expect(loads).toEqual(['a', 'a', 'a']);

    fail = true;
    await expect(reads.get('b')).rejects.toThrow('away');
    fail = false;
    expect(await reads.get('b')).toBe('b@1000');
    reads.forget();
    expect(await reads.get('b')).toBe('b@1000');
    expect(loads).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  });
});
