import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

/** The Redis stream the socket.io adapter relays through; `visitor delete` scrubs it too. */
export const ADAPTER_STREAM = 'topay:socket.io';

export interface RedisClients {
  /**
   * Presence, rate limits and readiness. Commands fail at once while Redis is away (no offline
   * queue), so callers fall back to this node's own view instead of stalling a chat.
   */
  commands: Redis;
  /**
   * The socket.io adapter's own connection: it blocks on XREAD, and what it publishes while Redis
   * is away is queued and sent on reconnect, so relays resume rather than vanish.
   */
  adapter: Redis;
  /** Whether Redis answers a PING within a second. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects to `REDIS_URL` twice (see `RedisClients`). Reconnects forever with a capped backoff and
 * logs each outage once, when it starts and when it ends, rather than on every retry.
 */
export function connectRedis(url: string, logger: FastifyBaseLogger): RedisClients {
  const retryStrategy = (attempt: number) => Math.min(100 * 2 ** attempt, 2_000);
  const commands = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy,
  });
  const adapter = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 2_000, retryStrategy });
  for (const [role, client] of [
    ['commands', commands],
    ['adapter', adapter],
  ] as const) {
    let down = false;
    client.on('error', (error: Error) => {
      if (down) return;
      down = true;
      logger.warn({ err: error, role }, 'redis connection lost; retrying');
    });
    client.on('ready', () => {
      if (!down) return;
      down = false;
      logger.info({ role }, 'redis connection restored');
    });
  }
  return {
    commands,
    adapter,
    async ping() {
      if (commands.status !== 'ready') return false;
      const timeout = new Promise<false>((resolve) => setTimeout(resolve, 1_000, false).unref());
      return Promise.race([
        commands.ping().then(
          (answer) => answer === 'PONG',
          () => false,
        ),
        timeout,
      ]);
    },
    async close() {
      // QUIT waits for a connection that may never come back; a closing node must not.
      adapter.disconnect();
      if (commands.status === 'ready') await commands.quit().catch(() => commands.disconnect());
      else commands.disconnect();
    },
  };
}
