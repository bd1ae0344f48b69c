import { createAdapter } from '@socket.io/redis-streams-adapter';
import { NAMESPACES } from '@topay-support/protocol';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { agentRoom } from '../realtime/rooms.js';
import { ADAPTER_STREAM } from './client.js';

/**
 * Disconnects an agent's open consoles on every node at once, for CLI commands (password reset,
 * disable, role change) on a cluster: the same adapter the nodes use carries the disconnect. Without
 * Redis the nodes' sweep (15 s) does it; their tokens stop working at the next request either way.
 */
export async function endAgentSessionsInRedis(url: string, agentId: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  try {
    const io = new Server({
      adapter: createAdapter(redis, { streamName: ADAPTER_STREAM, blockTimeInMs: 100 }),
    });
    io.of(NAMESPACES.agent).in(agentRoom(agentId)).disconnectSockets(true);
    // The entry is written before this resolves; the pause lets the adapter's reader settle before closing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([...io._nsps.values()].map((namespace) => namespace.adapter.close()));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
