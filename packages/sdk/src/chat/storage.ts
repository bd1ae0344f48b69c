/** The part of the Web Storage API the SDK uses, so any `Storage` (or a test double) fits. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/**
 * Per-merchant persistence for the visitor token, the chat hint and the outbox. Every access is guarded:
 * Safari's private mode, full quotas and sandboxed iframes throw from localStorage, and chat must still work
 * (for the lifetime of the page) when nothing can be persisted.
 */
export interface ChatStore {
  read<T>(name: string): T | undefined;
  write(name: string, value: unknown): void;
  remove(name: string): void;
  /** Removes everything this merchant's widget stored (logout). */
  clear(): void;
}

export function storageKey(merchantKey: string, name: string): string {
  return `topay-support:${merchantKey}:${name}`;
}

function defaultStorage(): KeyValueStorage | undefined {
  try {
    // Reading the property itself throws in sandboxed iframes.
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function createChatStore(merchantKey: string, storage = defaultStorage()): ChatStore {
  // Holds what could not be persisted, so one page keeps working when storage refuses writes.
  const memory = new Map<string, string>();
  const key = (name: string) => storageKey(merchantKey, name);
  const get = (k: string): string | null => {
    try {
      return storage?.getItem(k) ?? memory.get(k) ?? null;
    } catch {
      return memory.get(k) ?? null;
    }
  };
  return {
    read<T>(name: string): T | undefined {
      const raw = get(key(name));
      if (raw === null) return undefined;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return undefined;
      }
    },
    write(name, value) {
      const raw = JSON.stringify(value);
      try {
        if (!storage) throw new Error('no storage');
        storage.setItem(key(name), raw);
        memory.delete(key(name));
      } catch {
        memory.set(key(name), raw);
      }
    },
    remove(name) {
      memory.delete(key(name));
      try {
        storage?.removeItem(key(name));
      } catch {
        // Nothing was persisted then.
      }
    },
    clear() {
      const prefix = key('');
      for (const k of [...memory.keys()]) if (k.startsWith(prefix)) memory.delete(k);
      try {
        if (!storage) return;
        const keys: string[] = [];
        for (let i = 0; i < storage.length; i++) {
          const k = storage.key(i);
          if (k?.startsWith(prefix)) keys.push(k);
        }
        for (const k of keys) storage.removeItem(k);
      } catch {
        // Nothing was persisted then.
      }
    },
  };
}

/** What the SDK remembers about the visitor's chat between page loads, readable without loading chat code. */
export interface ChatHint {
  /** The conversation the visitor had open last (`current()` resumes it). */
  conversationId: string;
  /** False once the conversation was resolved: nothing to resume in the background. */
  open: boolean;
  /** The visitor's other conversations used in this browser: their outboxes are sent on connect. */
  others?: string[];
}

/** The hint's other conversations, checked: storage is shared with the host page's own code. */
export function otherConversations(hint: ChatHint | undefined): string[] {
  const others = hint?.others;
  return Array.isArray(others) ? others.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * Whether this browser has a chat worth resuming at page load (an open conversation or unsent messages),
 * so a widget can connect early for unread counts without loading chat code for every visitor.
 *
 * @example
 * if (hasActiveChat('pk_demo')) void client.chat.current();
 */
export function hasActiveChat(merchantKey: string, storage?: KeyValueStorage): boolean {
  const store = createChatStore(merchantKey, storage ?? defaultStorage());
  const hint = store.read<ChatHint>('chat');
  if (!hint) return false;
  return (
    hint.open ||
    [hint.conversationId, ...otherConversations(hint)].some(
      (id) => (store.read<unknown[]>(`outbox:${id}`)?.length ?? 0) > 0,
    )
  );
}
