import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../src/storage/time-ordered-id.js';

describe('timeOrderedId', () => {
  it('makes version 7 UUIDs that sort by their time and never repeat', () => {
    const at = Date.UTC(2026, 11, 7, 12, 0, 0);
    const ids = Array.from({ length: 1_000 }, (_, i) => timeOrderedId(at + i));
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]!.replace('-', '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
  });
});
