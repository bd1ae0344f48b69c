import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { withinBusinessHours } from '../src/features/chat/business-hours.js';
import { LocalPresence, onlineAgentIds, type Presence, statusOf } from '../src/features/chat/presence.js';
import { createRedisPresence } from '../src/features/chat/redis-presence.js';
import { redisTestUrl } from './redis-service.js';

describe('business hours', () => {
  const hours = {
    timeZone: 'Asia/Shanghai',
    days: {
      1: [['09:00', '18:00']],
      2: [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ],
    } as const,
  };
  const at = (iso: string) => new Date(iso);

  it('reads the time in the merchant time zone', () => {
    // Monday 09:30 in Shanghai is 01:30 UTC.
    expect(withinBusinessHours(hours as never, at('2026-11-23T01:30:00Z'))).toBe(true);
    // Monday 08:59 in Shanghai.
    expect(withinBusinessHours(hours as never, at('2026-11-23T00:59:00Z'))).toBe(false);
    // Monday 18:00 is closing time: closed.
    expect(withinBusinessHours(hours as never, at('2026-11-23T10:00:00Z'))).toBe(false);
    // Tuesday lunch break.
    expect(withinBusinessHours(hours as never, at('2026-11-24T04:30:00Z'))).toBe(false);
    expect(withinBusinessHours(hours as never, at('2026-11-24T05:30:00Z'))).toBe(true);
    // Sunday: no hours at all.
    expect(withinBusinessHours(hours as never, at('2026-11-22T03:00:00Z'))).toBe(false);
  });

  it('is always open without configured hours', () => {
    expect(withinBusinessHours(undefined, new Date())).toBe(true);
  });

  it('treats hours in a time zone the runtime does not know as no hours, instead of throwing', () => {
    const broken = { timeZone: 'Mars/Olympus_Mons', days: { 1: [['09:00', '18:00']] } };
    expect(withinBusinessHours(broken as never, new Date())).toBe(true);
  });
});

describe('presence on one node', () => {
  it('counts an agent online while any socket is connected and not away', async () => {
    const presence = new LocalPresence();
    await presence.connect('m', 'a');
    await presence.connect('m', 'a');
    await presence.disconnect('m', 'a');
    expect(await onlineAgentIds(presence, 'm')).toEqual(['a']);
    await presence.setStatus('m', 'a', 'away');
    expect(await onlineAgentIds(presence, 'm')).toEqual([]);
    expect(statusOf(await presence.statuses('m'), 'a')).toBe('away');
    await presence.disconnect('m', 'a');
    expect(statusOf(await presence.statuses('m'), 'a')).toBe('offline');
    expect(await onlineAgentIds(presence, 'other')).toEqual([]);
  });
});

const redisUrl = redisTestUrl('presence across nodes');

describe.skipIf(!redisUrl)('presence across nodes (Redis)', () => {
  const clients: Redis[] = [];
  const logger = Fastify({ logger: false }).log;
  const node = (heartbeatMs = 10_000): Presence => {
    const redis = new Redis(redisUrl as string);
    clients.push(redis);
    return createRedisPresence({ redis, nodeId: randomUUID(), logger, heartbeatMs });
  };
  afterAll(async () => {
    for (const client of clients) client.disconnect();
  });

  it('sees an agent connected to another node, and their away status', async () => {
    const merchant = `m-${randomUUID()}`;
    const [a, b] = [node(), node()];
    await a.connect(merchant, 'ann');
    expect(await onlineAgentIds(b, merchant)).toEqual(['ann']);
    await b.setStatus(merchant, 'ann', 'away');
    expect(statusOf(await a.statuses(merchant), 'ann')).toBe('away');
    await a.disconnect(merchant, 'ann');
    expect(statusOf(await b.statuses(merchant), 'ann')).toBe('offline');
    // Back with no socket anywhere: a fresh session starts online.
    await b.connect(merchant, 'ann');
    expect(statusOf(await a.statuses(merchant), 'ann')).toBe('online');
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps an agent online while a socket remains on any node', async () => {
    const merchant = `m-${randomUUID()}`;
    const [a, b] = [node(), node()];
    await a.connect(merchant, 'ann');
    await b.connect(merchant, 'ann');
    await a.disconnect(merchant, 'ann');
    expect(await onlineAgentIds(a, merchant)).toEqual(['ann']);
    await b.disconnect(merchant, 'ann');
    expect(await onlineAgentIds(a, merchant)).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it("drops a node's agents when it stops: at once when it closes, on expiry when it dies", async () => {
    const merchant = `m-${randomUUID()}`;
    const observer = node();
    const closing = node();
    await closing.connect(merchant, 'ann');
    await closing.close();
    expect(await onlineAgentIds(observer, merchant)).toEqual([]);

    const dying = node(100);
    await dying.connect(merchant, 'bob');
    expect(await onlineAgentIds(observer, merchant)).toEqual(['bob']);
    // A killed node sends no goodbye; its heartbeat stops and its entry runs out (3 beats).
    const redis = clients.at(-1) as Redis;
    redis.disconnect();
    // Waits for the expiry itself rather than a fixed pause: it must come within a few beats.
    await expect.poll(() => onlineAgentIds(observer, merchant), { timeout: 1_000, interval: 25 }).toEqual([]);
    await Promise.all([observer.close(), dying.close()]);
  });

  it("falls back to this node's own agents while Redis is unreachable", async () => {
    const merchant = `m-${randomUUID()}`;
    const redis = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    redis.on('error', () => {});
    const offline = createRedisPresence({ redis, nodeId: 'n', logger });
    await offline.connect(merchant, 'ann');
    expect(await onlineAgentIds(offline, merchant)).toEqual(['ann']);
    await offline.close();
  });
});
