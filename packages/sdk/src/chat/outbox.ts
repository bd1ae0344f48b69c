import type { ChatStore } from './storage.js';

/** A message the visitor wrote that the server has not acknowledged yet. */
export interface OutboxEntry {
  /** Kept across every retry and reload: the server stores each clientId once. */
  clientId: string;
  text: string;
  /** Ids from `upload`, which happens before the message is queued: the outbox never holds file bytes. */
  attachmentIds?: string[];
  /** When the visitor pressed send (ISO-8601), to show a time before the server assigns one. */
  queuedAt: string;
}

/**
 * The persisted, ordered queue of one conversation's unacknowledged messages.
 * Every call reads storage afresh rather than caching: another tab of the same visitor shares it, and a
 * stale copy written back would drop that tab's entries.
 */
export class Outbox {
  private readonly _store: ChatStore;
  private readonly _name: string;

  constructor(store: ChatStore, conversationId: string) {
    this._store = store;
    this._name = `outbox:${conversationId}`;
  }

  entries(): OutboxEntry[] {
    const value = this._store.read<unknown>(this._name);
    return Array.isArray(value) ? value.filter(isEntry) : [];
  }

  add(entry: OutboxEntry): void {
    const entries = this.entries().filter((e) => e.clientId !== entry.clientId);
    this._write([...entries, entry]);
  }

  /** Returns whether the entry was there. */
  remove(clientId: string): boolean {
    const entries = this.entries();
    const rest = entries.filter((e) => e.clientId !== clientId);
    if (rest.length === entries.length) return false;
    this._write(rest);
    return true;
  }

  private _write(entries: OutboxEntry[]): void {
    if (entries.length === 0) this._store.remove(this._name);
    else this._store.write(this._name, entries);
  }
}

// Storage is shared with the host page's own code: trust nothing read back from it.
function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<OutboxEntry>;
  return (
    typeof v.clientId === 'string' &&
    typeof v.text === 'string' &&
    typeof v.queuedAt === 'string' &&
    (v.attachmentIds === undefined ||
      (Array.isArray(v.attachmentIds) && v.attachmentIds.every((id) => typeof id === 'string')))
  );
}

/** A collision-resistant message id; `randomUUID` needs a secure context, which merchant pages may lack. */
export function newClientId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // Falls through: some browsers expose it but throw outside secure contexts.
    }
  }
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
