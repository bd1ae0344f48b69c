import { signal } from '@preact/signals';
import { type Message, SOCKET_ERROR_CODES, type SocketErrorCode } from '@topay-support/protocol';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SEND_ERROR_CASES } from '../../../../protocol/test/send-errors-cases.js';
import { createOutbox } from '../../../src/features/conversation/outbox.js';
import {
  type AgentTransport,
  type ConnectionState,
  NoAckError,
} from '../../../src/features/realtime/transport.js';

/**
 * The `/agent` socket's interface answering every send with one refusal until told otherwise (the
 * interface exists so models can be driven in memory). `no_ack` is a silent server: `NoAckError`.
 */
function refusingTransport(code: string) {
  const state = signal<ConnectionState>('connected');
  const sent: string[] = [];
  let refusing = true;
  const transport: AgentTransport = {
    state,
    on: () => () => {},
    onConnect: () => () => {},
    signal: () => {},
    reconnect: () => {},
    close: () => {},
    request: (async (_event: string, payload: { clientId: string; text: string }) => {
      sent.push(payload.clientId);
      if (!refusing) {
        const message: Message = {
          id: 'm1',
          clientId: payload.clientId,
          seq: 1,
          author: { type: 'agent', id: 'a1' },
          text: payload.text,
          attachments: [],
          sources: [],
          createdAt: new Date().toISOString(),
        };
        return { ok: true, data: { message } };
      }
      if (code === 'no_ack') throw new NoAckError('no answer in time');
      return { ok: false, error: { code: code as SocketErrorCode, message: 'no', retryAfterMs: 1 } };
    }) as AgentTransport['request'],
  };
  return { transport, sent, accept: () => (refusing = false) };
}

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  vi.useRealTimers();
});

// The same table as the protocol's and the SDK's (packages/protocol/test/send-errors-cases.ts): the rows
// a send on the agent socket can end with (a socket error code, or no answer at all).
const CONSOLE_CASES = SEND_ERROR_CASES.filter(
  (c) => (SOCKET_ERROR_CODES as readonly string[]).includes(c.code) || c.code === 'no_ack',
);

describe("the console's outbox after a refused reply", () => {
  test.each(CONSOLE_CASES)('$code: permanent $permanent', async ({ code, permanent }) => {
    const { transport, sent, accept } = refusingTransport(code);
    const outbox = createOutbox({ transport });
    dispose = () => outbox.dispose();
    const stored: string[] = [];
    outbox.onStored((_conversationId, message) => stored.push(message.clientId));
    const entry = outbox.send('c1', 'Your refund is on its way', false);
    if (code === 'rate_limited') {
      // The server said when to come back: the reply stays `sending` and goes again by itself.
      await vi.waitFor(() => expect(sent.length).toBeGreaterThan(1));
      expect(outbox.entries.value).toMatchObject([{ clientId: entry.clientId, state: 'sending' }]);
    } else {
      await vi.waitFor(() =>
        expect(outbox.entries.value).toMatchObject([{ state: 'failed', failure: code }]),
      );
    }
    accept();
    // A reconnect resends what a resend can fix, with the same client id; the rest waits for the agent.
    outbox.flush();
    if (permanent) {
      // A marker reply written after the flush: sends go one at a time in the order written, so a
      // resend of the refused reply would have gone out before the marker is stored.
      const marker = outbox.send('c1', 'Anything else?', false);
      await vi.waitFor(() => expect(stored).toEqual([marker.clientId]));
      expect(sent).toEqual([entry.clientId, marker.clientId]);
      expect(outbox.entries.value).toMatchObject([
        { clientId: entry.clientId, state: 'failed', failure: code },
      ]);
    } else {
      await vi.waitFor(() => expect(stored).toEqual([entry.clientId]));
      expect(new Set(sent)).toEqual(new Set([entry.clientId]));
      expect(outbox.entries.value).toEqual([]);
    }
  });
});
