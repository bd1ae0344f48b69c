export const TOKEN_STORAGE_KEY = 'topay-support:agent-token';

export interface StoredToken {
  token: string;
  /** ISO-8601 UTC, as the server sent it. */
  expiresAt: string;
}

export interface TokenStore {
  /** The stored token if it is well-formed and not yet expired; anything else is removed and ignored. */
  read(now: number): StoredToken | undefined;
  write(value: StoredToken): void;
  clear(): void;
}

function parse(raw: string | null): StoredToken | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { token, expiresAt } = value as Record<string, unknown>;
    if (typeof token !== 'string' || token === '' || typeof expiresAt !== 'string') return undefined;
    if (Number.isNaN(Date.parse(expiresAt))) return undefined;
    return { token, expiresAt };
  } catch {
    return undefined;
  }
}

/**
 * Keeps the agent token in `sessionStorage`: it survives a reload but not closing the tab, and never
 * reaches another tab, which suits a credential on a shared support-desk computer.
 * Storage may throw (quota, privacy modes); then the session simply lasts as long as the page.
 */
export function createTokenStore(storage: Storage | undefined): TokenStore {
  return {
    read(now) {
      let raw: string | null = null;
      try {
        raw = storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
      } catch {
        return undefined;
      }
      const stored = parse(raw);
      if (stored && Date.parse(stored.expiresAt) > now) return stored;
      if (raw !== null) this.clear();
      return undefined;
    },
    write(value) {
      try {
        storage?.setItem(TOKEN_STORAGE_KEY, JSON.stringify(value));
      } catch {
        // Not persisting only costs a login after reload; the session itself still works.
      }
    },
    clear() {
      try {
        storage?.removeItem(TOKEN_STORAGE_KEY);
      } catch {
        // Nothing was stored if storage is unusable.
      }
    },
  };
}
