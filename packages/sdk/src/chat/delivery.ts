import type { Message } from '@topay-support/protocol';
import type { SupportError } from '../client/errors.js';
import { isPermanent, toSupportError } from './errors.js';
import { newClientId, type Outbox, type OutboxEntry } from './outbox.js';

/** An own message not in the history yet: on its way, or refused for good with the reason. */
export interface PendingMessage {
  clientId: string;
  text: string;
  /** Uploaded before the message was queued; only ids travel with it. */
  attachmentIds?: string[];
  queuedAt: string;
  state: 'sending' | 'failed';
  error?: SupportError;
}

export interface DeliveryOptions {
  outbox: Outbox;
  /** Emits one message and resolves with the stored message, or rejects (a `SupportError` or anything else). */
  send(entry: OutboxEntry): Promise<Message>;
  /** Whether the connection is up and ready; the session calls `pump()` again when it comes back. */
  canSend(): boolean;
  /** The pending list changed: an entry was added, delivered, failed, retried or discarded. */
  onChange(): void;
  now?: () => number;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Delivers the outbox in order, exactly once as far as the visitor can tell: each entry is persisted before its
 * first emit and leaves only when acknowledged (the server dedupes on clientId, so a resend after a lost ack is
 * harmless), or when refused for good. Transient failures (rate limits, timeouts, drops) keep it for a retry.
 */
export class Delivery {
  private readonly _o: DeliveryOptions;
  private readonly _waiters = new Map<
    string,
    Array<{ resolve(m: Message): void; reject(e: SupportError): void }>
  >();
  private readonly _failed = new Map<string, PendingMessage>();
  private _running: Promise<void> | undefined;
  private _again = false;
  private _blockedUntil = 0;
  private _backoff = 0;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _disposed = false;

  constructor(options: DeliveryOptions) {
    this._o = options;
  }

  /** Queues a message and resolves with the stored message once the server has acknowledged it. */
  enqueue(text: string, attachmentIds?: string[]): Promise<Message> {
    const entry: OutboxEntry = {
      clientId: newClientId(),
      text,
      queuedAt: new Date(this._now()).toISOString(),
    };
    if (attachmentIds?.length) entry.attachmentIds = [...attachmentIds];
    // Persisted before the first emit: a reload or crash in between must not lose it.
    this._o.outbox.add(entry);
    const done = this._wait(entry.clientId);
    this._o.onChange();
    void this.pump();
    return done;
  }

  /** Sends a failed message again, as a new message (the server never stored the refused one). */
  retry(clientId: string): Promise<Message> | undefined {
    const failed = this._failed.get(clientId);
    if (!failed) return undefined;
    this._failed.delete(clientId);
    return this.enqueue(failed.text, failed.attachmentIds);
  }

  /** Forgets a failed message. */
  discard(clientId: string): void {
    if (this._failed.delete(clientId)) this._o.onChange();
  }

  /** Unacknowledged messages in send order, then refused ones. */
  pending(): PendingMessage[] {
    const sending = this._o.outbox.entries().map((e) => pendingOf(e, 'sending'));
    return [...sending, ...this._failed.values()];
  }

  /**
   * A stored own message seen in a sync or a push (sent by another tab, or its ack was lost): the entry is
   * delivered, so it leaves the outbox without a resend.
   */
  settle(message: Message): void {
    if (this._o.outbox.remove(message.clientId)) this._o.onChange();
    this._resolve(message.clientId, message);
  }

  /**
   * Sends the outbox in order until it is empty or a transient failure stops it; resolves then. Calls while a
   * pass is running make it go round once more, so a reconnect during a pass is never missed.
   */
  pump(): Promise<void> {
    this._again = true;
    this._running ??= this._loop().finally(() => {
      this._running = undefined;
      // A call between the loop's last check and here found it still running, and its entry would wait for
      // the next reconnect: go round again for it.
      if (this._again && !this._disposed) void this.pump();
    });
    return this._running;
  }

  /** Rejects every waiting `send()`; the entries stay persisted for the next page or connection. */
  rejectWaiters(error: SupportError): void {
    const waiters = [...this._waiters.values()].flat();
    this._waiters.clear();
    for (const w of waiters) w.reject(error);
  }

  dispose(error: SupportError): void {
    this._disposed = true;
    clearTimeout(this._timer);
    this.rejectWaiters(error);
  }

  private async _loop(): Promise<void> {
    while (this._again && !this._disposed) {
      this._again = false;
      for (;;) {
        if (this._disposed || !this._o.canSend() || this._now() < this._blockedUntil) break;
        const entry = this._o.outbox.entries()[0];
        if (!entry) break;
        try {
          const message = await this._o.send(entry);
          this._backoff = 0;
          this.settle(message);
        } catch (raw) {
          const error = toSupportError(raw);
          if (isPermanent(error)) {
            this._o.outbox.remove(entry.clientId);
            this._failed.set(entry.clientId, { ...pendingOf(entry, 'failed'), error });
            this._reject(entry.clientId, error);
            this._o.onChange();
            continue;
          }
          this._retryLater(error);
          break;
        }
      }
    }
  }

  private _retryLater(error: SupportError): void {
    let delay: number;
    if (error.code === 'rate_limited') delay = Math.max(error.retryAfterMs ?? 1000, 100);
    // A drop needs no timer: the session pumps again when the connection is back.
    else if (!this._o.canSend()) return;
    else delay = this._backoff = Math.min(MAX_BACKOFF_MS, this._backoff ? this._backoff * 2 : 1000);
    this._blockedUntil = this._now() + delay;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._blockedUntil = 0;
      void this.pump();
    }, delay);
  }

  private _wait(clientId: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      const list = this._waiters.get(clientId) ?? [];
      list.push({ resolve, reject });
      this._waiters.set(clientId, list);
    });
  }

  private _resolve(clientId: string, message: Message): void {
    for (const w of this._waiters.get(clientId) ?? []) w.resolve(message);
    this._waiters.delete(clientId);
  }

  private _reject(clientId: string, error: SupportError): void {
    for (const w of this._waiters.get(clientId) ?? []) w.reject(error);
    this._waiters.delete(clientId);
  }

  private _now(): number {
    return (this._o.now ?? Date.now)();
  }
}

function pendingOf(entry: OutboxEntry, state: PendingMessage['state']): PendingMessage {
  const pending: PendingMessage = {
    clientId: entry.clientId,
    text: entry.text,
    queuedAt: entry.queuedAt,
    state,
  };
  if (entry.attachmentIds) pending.attachmentIds = entry.attachmentIds;
  return pending;
}
