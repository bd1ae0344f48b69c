import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { LocalPresence, type Presence } from './presence.js';

export interface RedisPresenceOptions {
  redis: Redis;
  /** Unique per running node: its agents are stored under it, so a dead node's agents expire alone. */
  nodeId: string;
  logger: FastifyBaseLogger;
  /** How often this node re-announces its agents; an entry lives three times as long. */
  heartbeatMs?: number;
}

const connectedKey = (merchantId: string) => `topay:presence:${merchantId}`;
const awayKey = (merchantId: string) => `topay:presence-away:${merchantId}`;

/**
 * Presence shared by every node through Redis. Each node counts its own sockets and publishes one
 * entry per agent (`agentId|nodeId`, scored by when it expires) in a sorted set per merchant,
 * refreshed by a heartbeat; a node that dies without saying goodbye drops out when its entries
 * expire. Away is one flag per agent, cleared when the agent comes back with no socket anywhere.
 * While Redis is unreachable every read falls back to this node's own agents, so a chat is never
 * refused for want of presence.
 */
export function createRedisPresence(options: RedisPresenceOptions): Presence {
  const { redis, nodeId, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const ttlMs = heartbeatMs * 3;
  const local = new LocalPresence();
  const member = (agentId: string) => `${agentId}|${nodeId}`;

  const warnOnce = (() => {
    let last = 0;
    return (error: unknown, what: string) => {
      if (Date.now() - last < 30_000) return;
      last = Date.now();
      logger.warn({ err: error }, `presence: ${what} failed; using this node's view until Redis is back`);
    };
  })();

  async function publish(merchantIds: Iterable<string>): Promise<void> {
    const pipeline = redis.pipeline();
    const expiresAt = Date.now() + ttlMs;
    for (const [merchantId, agentId] of local.entries()) {
      pipeline.zadd(connectedKey(merchantId), expiresAt, member(agentId));
    }
    for (const merchantId of merchantIds) {
      pipeline.zremrangebyscore(connectedKey(merchantId), '-inf', Date.now());
      pipeline.pexpire(connectedKey(merchantId), ttlMs * 2);
    }
    await pipeline.exec();
  }

  const heartbeat = setInterval(() => {
    const merchants = new Set([...local.entries()].map(([merchantId]) => merchantId));
    publish(merchants).catch((error: unknown) => warnOnce(error, 'heartbeat'));
  }, heartbeatMs);
  heartbeat.unref();

  async function liveAgents(merchantId: string): Promise<Set<string>> {
    const members = await redis.zrangebyscore(connectedKey(merchantId), Date.now(), '+inf');
    return new Set(members.map((entry) => entry.slice(0, entry.lastIndexOf('|'))));
  }

  return {
    async connect(merchantId, agentId) {
      local.connectNow(merchantId, agentId);
      try {
        // Coming back with no socket anywhere starts a fresh session: online, not away.
        if (!(await liveAgents(merchantId)).has(agentId)) await redis.hdel(awayKey(merchantId), agentId);
        await redis
          .multi()
          .zadd(connectedKey(merchantId), Date.now() + ttlMs, member(agentId))
          .pexpire(connectedKey(merchantId), ttlMs * 2)
          .exec();
      } catch (error) {
        warnOnce(error, 'connect');
      }
    },
    async disconnect(merchantId, agentId) {
      if (!local.disconnectNow(merchantId, agentId)) return;
      try {
        await redis.zrem(connectedKey(merchantId), member(agentId));
      } catch (error) {
        warnOnce(error, 'disconnect');
      }
    },
    async setStatus(merchantId, agentId, status) {
      await local.setStatus(merchantId, agentId, status);
      try {
        if (status === 'away') await redis.hset(awayKey(merchantId), agentId, '1');
        else await redis.hdel(awayKey(merchantId), agentId);
      } catch (error) {
        warnOnce(error, 'status change');
      }
    },
    async statuses(merchantId) {
      try {
        const [agents, away] = await Promise.all([
          liveAgents(merchantId),
          redis.hgetall(awayKey(merchantId)),
        ]);
        return new Map([...agents].map((id) => [id, away[id] ? 'away' : 'online'] as const));
      } catch (error) {
        warnOnce(error, 'read');
        return local.statusesNow(merchantId);
      }
    },
    async close() {
      clearInterval(heartbeat);
      const pipeline = redis.pipeline();
      for (const [merchantId, agentId] of local.entries()) {
        pipeline.zrem(connectedKey(merchantId), member(agentId));
      }
      await pipeline.exec().catch((error: unknown) => warnOnce(error, 'withdrawing agents'));
      await local.close();
    },
  };
}
