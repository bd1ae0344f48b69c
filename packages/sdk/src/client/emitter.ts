/** Maps an event name to its listener's argument list; `[]` for events without a payload. */
export type EventArgs = Record<string, unknown[]>;

export type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * A minimal typed emitter. A listener that throws is reported and skipped, so one broken
 * host-page handler cannot stop the others or break the widget.
 */
export class Emitter<Events extends EventArgs> {
  // Stored untyped: the public methods keep each event's listener type in step with its payload. Assigned in the
  // constructor rather than a class field: the widget's ES2020 build would add class-field helpers (≈0.4 KB gzip).
  declare private readonly listeners: Map<keyof Events, Set<Listener<unknown[]>>>;

  constructor() {
    this.listeners = new Map();
  }

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as unknown as Listener<unknown[]>);
    return () => this.off(event, listener);
  }

  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void {
    this.listeners.get(event)?.delete(listener as unknown as Listener<unknown[]>);
  }

  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        console.error(`[TopaySupport] a "${String(event)}" listener threw`, error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
