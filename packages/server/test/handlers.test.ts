import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VisitorClientToServerEvents } from '@topay-support/protocol';
import Fastify from 'fastify';
import { Server } from 'socket.io';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInflight, socketHandlers, withAck, withoutAck } from '../src/realtime/handlers.js';
import { syncSchema, typingSchema } from '../src/realtime/schemas.js';

const logger = Fastify({ logger: false }).log;

describe('socket handler wrappers', () => {
  it('answers invalid payloads with invalid_request and never runs the handler', async () => {
    let ran = false;
    const handler = withAck(
      { logger, onInternalError: () => {} },
      z.object({ text: z.string() }),
      async () => {
        ran = true;
        return 'done';
      },
    );
    const acks: unknown[] = [];
    handler({ text: 42 }, (result: unknown) => acks.push(result));
    expect(acks).toEqual([
      { ok: false, error: { code: 'invalid_request', message: expect.stringContaining('text') } },
    ]);
    expect(ran).toBe(false);
  });

  it('lets a shutdown wait for handlers still running, with or without an ack', async () => {
    const inflight = createInflight();
    const hooks = { logger, onInternalError: () => {}, track: inflight.track };
    const finished: string[] = [];
    const slow = (name: string) => async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished.push(name);
      return name;
    };
    const acks: unknown[] = [];
    withAck(hooks, z.object({}), slow('message:send'))({}, (result: unknown) => acks.push(result));
    withoutAck(hooks, z.object({}), async () => {
      await slow('typing')();
    })({});
    expect(inflight.size).toBe(2);
    await inflight.drain();
    expect(finished.sort()).toEqual(['message:send', 'typing']);
    expect(acks).toEqual([{ ok: true, data: 'message:send' }]);
    expect(inflight.size).toBe(0);
  });
});

describe('socketHandlers over a real socket.io connection', () => {
  type Events = VisitorClientToServerEvents;
  let server: HttpServer;
  let io: Server<Events>;
  let client: ClientSocket<Record<never, never>, Events>;
  const inflight = createInflight();
  let internalErrors = 0;
  const ran: string[] = [];

  beforeAll(async () => {
    server = createServer();
    io = new Server<Events>(server);
    const hooks = { logger, onInternalError: () => internalErrors++, track: inflight.track };
    io.on('connection', (socket) => {
      const on = socketHandlers(socket, hooks);
      on.ack('messages:sync', syncSchema, async (request) => {
        ran.push(`sync ${request.conversationId}`);
        if (request.conversationId === 'broken') throw new Error('storage is down');
        return { messages: [], hasMore: request.afterSeq > 0 };
      });
      on.signal('typing', typingSchema, (signal) => {
        ran.push(`typing ${signal.conversationId}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = ioClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
  });

  afterAll(async () => {
    client.disconnect();
    await io.close();
  });

  it('answers with the handler’s data, refuses bad payloads, counts failures on our side', async () => {
    expect(await client.emitWithAck('messages:sync', { conversationId: 'c1', afterSeq: 3 })).toEqual({
      ok: true,
      data: { messages: [], hasMore: true },
    });
    const invalid = await client.emitWithAck('messages:sync', { conversationId: 'c1' } as never);
    expect(invalid).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('afterSeq') },
    });
    expect(await client.emitWithAck('messages:sync', { conversationId: 'broken', afterSeq: 0 })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong on our side; try again' },
    });
    expect(internalErrors).toBe(1);
    expect(ran).toEqual(['sync c1', 'sync broken']);
  });

  it('ignores an ack event sent without an ack, and runs valid signals only', async () => {
    ran.length = 0;
    // Untyped on purpose: a client can send anything, with or without an ack callback.
    const raw = client as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit('messages:sync', { conversationId: 'no-ack', afterSeq: 0 });
    raw.emit('typing', { conversationId: 'c1' });
    raw.emit('typing', { conversationId: 'c2', typing: true });
    // A round trip after them: the server has handled everything sent before it.
    await client.emitWithAck('messages:sync', { conversationId: 'after', afterSeq: 0 });
    await inflight.drain();
    // Signals run a tick later than acks (withoutAck), so the order between the two kinds is not the point.
    expect(ran.sort()).toEqual(['sync after', 'typing c2']);
  });
});
