import { createAdapter } from '@socket.io/redis-streams-adapter';
import { NAMESPACES } from '@topay-support/protocol';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { ADAPTER_STREAM } from './client.js';

export interface ForgottenInRedis {
  /** Relayed events in the adapter's stream that named the visitor or one of their conversations. */
  streamEntries: number;
  /** Counters keyed by the visitor (payment look-up limits). */
  keys: number;
}

/**
 * Removes what Redis holds about a visitor, for `visitor delete` on a cluster: their live sockets
 * on every node are disconnected (through the same adapter the nodes use), their per-visitor
 * counters are deleted, and relayed events still in the adapter's stream that name them or their
 * conversations are deleted (XDEL). The stream is trimmed anyway; this makes the deletion now.
 */
export async function forgetVisitorInRedis(
  url: string,
  visitorId: string,
  conversationIds: string[],
): Promise<ForgottenInRedis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  try {
    const io = new Server({
      adapter: createAdapter(redis, { streamName: ADAPTER_STREAM, blockTimeInMs: 100 }),
    });
    io.of(NAMESPACES.visitor).in(`visitor:${visitorId}`).disconnectSockets(true);
    // The nodes read the disconnect from the stream within milliseconds; give them that long
    // before the scrub below, which would delete the disconnect entry too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    // This Server never listened, so there is no engine to close: only the adapters' stream readers.
    await Promise.all([...io._nsps.values()].map((namespace) => namespace.adapter.close()));

    const keys = await redis.del(`topay:rl:pay-visitor:${visitorId}`);
    const needles = [visitorId, ...conversationIds].map((id) => Buffer.from(id));
    let streamEntries = 0;
    let start = '-';
    for (;;) {
      const entries = await redis.xrangeBuffer(ADAPTER_STREAM, start, '+', 'COUNT', 1000);
      const doomed = entries
        .filter(([, fields]) => fields.some((field) => needles.some((needle) => field.includes(needle))))
        .map(([id]) => id.toString());
      if (doomed.length > 0) streamEntries += await redis.xdel(ADAPTER_STREAM, ...doomed);
      const last = entries.at(-1);
      if (!last || entries.length < 1000) break;
      start = `(${last[0].toString()}`;
    }
    return { streamEntries, keys };
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
