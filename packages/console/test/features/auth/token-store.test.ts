import { beforeEach, describe, expect, it } from 'vitest';
import { createTokenStore, TOKEN_STORAGE_KEY } from '../../../src/features/auth/token-store.js';

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('token store', () => {
  beforeEach(() => sessionStorage.clear());

  it('returns a stored, unexpired token', () => {
    const store = createTokenStore(sessionStorage);
    store.write({ token: 'abc', expiresAt: '2030-01-01T01:00:00.000Z' });
    expect(store.read(NOW)).toEqual({ token: 'abc', expiresAt: '2030-01-01T01:00:00.000Z' });
  });

  it('drops an expired token', () => {
    const store = createTokenStore(sessionStorage);
    store.write({ token: 'abc', expiresAt: '2029-12-31T23:59:59.000Z' });
    expect(store.read(NOW)).toBeUndefined();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it.each([
    'not json',
    '"just a string"',
    '{"token":"","expiresAt":"2030-01-01T01:00:00Z"}',
    '{"token":"abc","expiresAt":"tomorrow-ish"}',
    '{"token":42,"expiresAt":"2030-01-01T01:00:00Z"}',
  ])('drops a malformed entry: %s', (raw) => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, raw);
    expect(createTokenStore(sessionStorage).read(NOW)).toBeUndefined();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('works without storage, keeping nothing', () => {
    const store = createTokenStore(undefined);
    store.write({ token: 'abc', expiresAt: '2030-01-01T01:00:00.000Z' });
    expect(store.read(NOW)).toBeUndefined();
  });
});
