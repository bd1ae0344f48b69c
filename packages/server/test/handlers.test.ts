import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createInflight, withAck, withoutAck } from '../src/realtime/handlers.js';

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
