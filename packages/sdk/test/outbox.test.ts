import type { Message } from '@topay-support/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEND_ERROR_CASES } from '../../protocol/test/send-errors-cases.js';
import { Delivery } from '../src/chat/delivery.js';
import { Outbox, type OutboxEntry } from '../src/chat/outbox.js';
import { createChatStore, hasActiveChat } from '../src/chat/storage.js';
import { type SdkErrorCode, SupportError } from '../src/client/errors.js';
import { memoryStorage } from './memory-storage.js';

const stored = (entry: OutboxEntry, seq: number): Message => ({
  id: `m${seq}`,
  clientId: entry.clientId,
  seq,
  author: { type: 'visitor', id: 'v1' },
  text: entry.text,
  attachments: [],
  sources: [],
  createdAt: new Date().toISOString(),
});

function setup(storage = memoryStorage()) {
  const outbox = new Outbox(createChatStore('pk_test', storage), 'c1');
  const sent: OutboxEntry[] = [];
  let answer: (entry: OutboxEntry) => Promise<Message> = (entry) =>
    Promise.resolve(stored(entry, sent.length));
  let online = true;
  const delivery = new Delivery({
    outbox,
    send: (entry) => {
      sent.push(entry);
      return answer(entry);
    },
    canSend: () => online,
    onChange: () => {},
  });
  return {
    storage,
    outbox,
    delivery,
    sent,
    answer: (fn: typeof answer) => {
      answer = fn;
    },
    setOnline: (value: boolean) => {
      online = value;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('outbox', () => {
  it('persists an entry before the first emit, and drops it only on the ack', async () => {
    const t = setup();
    let seenAtEmit: OutboxEntry[] = [];
    let ack!: (m: Message) => void;
    t.answer((entry) => {
      seenAtEmit = t.outbox.entries();
      return new Promise<Message>((resolve) => {
        ack = () => resolve(stored(entry, 1));
      });
    });
    const done = t.delivery.enqueue('  hello  '.trim());
    await vi.waitFor(() => expect(t.sent).toHaveLength(1));
    expect(seenAtEmit.map((e) => e.text)).toEqual(['hello']);
    expect(t.delivery.pending().map((p) => p.state)).toEqual(['sending']);
    ack(stored(t.sent[0]!, 1));
    await expect(done).resolves.toMatchObject({ seq: 1, text: 'hello' });
    expect(t.outbox.entries()).toEqual([]);
    expect(t.storage.data.size).toBe(0);
  });

  it('a reload restores the outbox and resends in order with the same clientIds', async () => {
    const first = setup();
    first.setOnline(false);
    void first.delivery.enqueue('one');
    void first.delivery.enqueue('two');
    const ids = first.outbox.entries().map((e) => e.clientId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);

    const reloaded = setup(first.storage);
    await reloaded.delivery.pump();
    expect(reloaded.sent.map((e) => [e.clientId, e.text])).toEqual([
      [ids[0], 'one'],
      [ids[1], 'two'],
    ]);
    expect(reloaded.outbox.entries()).toEqual([]);
  });

  it('a dropped connection keeps the entry; the next pump resends the same clientId', async () => {
    const t = setup();
    t.answer(() => {
      t.setOnline(false);
      return Promise.reject(new SupportError('network_error', 'lost'));
    });
    const done = t.delivery.enqueue('still here');
    await vi.waitFor(() => expect(t.sent).toHaveLength(1));
    await t.delivery.pump();
    expect(t.outbox.entries()).toHaveLength(1);
    t.answer((entry) => Promise.resolve(stored(entry, 7)));
    t.setOnline(true);
    await t.delivery.pump();
    expect(t.sent.map((e) => e.clientId)).toEqual([t.sent[0]!.clientId, t.sent[0]!.clientId]);
    await expect(done).resolves.toMatchObject({ seq: 7 });
  });

  it('rate_limited waits retryAfterMs, then retries the same message', async () => {
    vi.useFakeTimers();
    const t = setup();
    t.answer(() => Promise.reject(new SupportError('rate_limited', 'slow down', { retryAfterMs: 3000 })));
    const done = t.delivery.enqueue('hi');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sent).toHaveLength(1);
    t.answer((entry) => Promise.resolve(stored(entry, 1)));
    void t.delivery.pump(); // a new send or reconnect must not jump the wait
    await vi.advanceTimersByTimeAsync(2900);
    expect(t.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]!.clientId).toBe(t.sent[0]!.clientId);
    await expect(done).resolves.toMatchObject({ seq: 1 });
  });

  // The one table of send failures (packages/protocol/test/send-errors-cases.ts), also run by the console.
  // A failure the SDK never sees as a code (the console's `no_ack`) reaches it as a thrown error: network.
  const refusal = (code: string) =>
    code === 'no_ack' ? new Error('operation has timed out') : new SupportError(code as SdkErrorCode, 'no');

  it.each(SEND_ERROR_CASES.filter((c) => c.permanent))(
    '$code is permanent: it leaves the outbox, shows as failed and the rest continues',
    async ({ code }) => {
      const t = setup();
      t.answer((entry) =>
        entry.text === 'bad' ? Promise.reject(refusal(code)) : Promise.resolve(stored(entry, 1)),
      );
      const bad = t.delivery.enqueue('bad');
      const good = t.delivery.enqueue('good');
      await expect(bad).rejects.toMatchObject({ code });
      await expect(good).resolves.toMatchObject({ text: 'good' });
      expect(t.outbox.entries()).toEqual([]);
      expect(t.delivery.pending()).toMatchObject([{ text: 'bad', state: 'failed', error: { code } }]);
    },
  );

  it.each(SEND_ERROR_CASES.filter((c) => !c.permanent))(
    '$code is worth another try: the message stays queued, sending, with its client id',
    async ({ code }) => {
      vi.useFakeTimers();
      const t = setup();
      t.answer(() => Promise.reject(refusal(code)));
      const done = t.delivery.enqueue('hi');
      await vi.advanceTimersByTimeAsync(0);
      expect(t.sent).toHaveLength(1);
      expect(t.outbox.entries()).toMatchObject([{ text: 'hi', clientId: t.sent[0]!.clientId }]);
      expect(t.delivery.pending()).toMatchObject([{ text: 'hi', state: 'sending' }]);
      t.answer((entry) => Promise.resolve(stored(entry, 1)));
      await vi.advanceTimersByTimeAsync(30_000);
      await expect(done).resolves.toMatchObject({ seq: 1 });
      expect(t.sent.map((e) => e.clientId)).toEqual([t.sent[0]!.clientId, t.sent[0]!.clientId]);
    },
  );

  it('retry sends a failed message as a new one; discard forgets it', async () => {
    const t = setup();
    t.answer(() => Promise.reject(new SupportError('invalid_request', 'no')));
    await t.delivery.enqueue('again').catch(() => {});
    const failedId = t.delivery.pending()[0]!.clientId;
    t.answer((entry) => Promise.resolve(stored(entry, 1)));
    await expect(t.delivery.retry(failedId)).resolves.toMatchObject({ text: 'again' });
    expect(t.sent[1]!.clientId).not.toBe(failedId);
    expect(t.delivery.pending()).toEqual([]);

    t.answer(() => Promise.reject(new SupportError('too_large', 'no')));
    await t.delivery.enqueue('x').catch(() => {});
    t.delivery.discard(t.delivery.pending()[0]!.clientId);
    expect(t.delivery.pending()).toEqual([]);
  });

  it('keeps attachment ids (never file bytes) through storage, pending, failure and retry', async () => {
    const t = setup();
    t.setOnline(false);
    void t.delivery.enqueue('', ['att-1', 'att-2']).catch(() => {});
    expect(t.outbox.entries()).toMatchObject([{ text: '', attachmentIds: ['att-1', 'att-2'] }]);
    expect(t.delivery.pending()).toMatchObject([{ state: 'sending', attachmentIds: ['att-1', 'att-2'] }]);
    t.answer(() => Promise.reject(new SupportError('invalid_request', 'attachment already used')));
    // Straight after the first pass gave up: this pump must not be lost while that pass winds down.
    t.setOnline(true);
    void t.delivery.pump();
    await vi.waitFor(() => expect(t.delivery.pending()[0]?.state).toBe('failed'));
    const [failed] = t.delivery.pending();
    expect(failed).toMatchObject({ state: 'failed', attachmentIds: ['att-1', 'att-2'] });
    t.answer((entry) => Promise.resolve(stored(entry, 1)));
    await t.delivery.retry(failed!.clientId);
    expect(t.sent.at(-1)).toMatchObject({ text: '', attachmentIds: ['att-1', 'att-2'] });
    // Host-page code may write anything into storage: a malformed entry is ignored, not sent.
    t.storage.setItem(
      'topay-support:pk_test:outbox:c1',
      JSON.stringify([{ clientId: 'x', text: '', queuedAt: 'now', attachmentIds: [{ evil: true }] }]),
    );
    expect(t.outbox.entries()).toEqual([]);
  });

  it('an own message seen in a sync settles its entry without a resend', async () => {
    const t = setup();
    t.setOnline(false);
    const done = t.delivery.enqueue('sent from a lost ack');
    const entry = t.outbox.entries()[0]!;
    t.delivery.settle(stored(entry, 4));
    await expect(done).resolves.toMatchObject({ seq: 4 });
    t.setOnline(true);
    await t.delivery.pump();
    expect(t.sent).toEqual([]);
  });

  it('survives storage that throws (private mode): the page keeps its outbox in memory', async () => {
    const broken = memoryStorage();
    broken.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const t = setup(broken);
    t.setOnline(false);
    void t.delivery.enqueue('kept');
    expect(t.outbox.entries().map((e) => e.text)).toEqual(['kept']);
  });
});

describe('hasActiveChat', () => {
  it('is true for an open conversation or unsent messages, false otherwise', () => {
    const storage = memoryStorage();
    const store = createChatStore('pk_a', storage);
    expect(hasActiveChat('pk_a', storage)).toBe(false);
    store.write('chat', { conversationId: 'c1', open: true });
    expect(hasActiveChat('pk_a', storage)).toBe(true);
    store.write('chat', { conversationId: 'c1', open: false });
    expect(hasActiveChat('pk_a', storage)).toBe(false);
    new Outbox(store, 'c1').add({ clientId: 'x', text: 't', queuedAt: '2026-01-01T00:00:00Z' });
    expect(hasActiveChat('pk_a', storage)).toBe(true);
    expect(hasActiveChat('pk_other', storage)).toBe(false);
  });
});
