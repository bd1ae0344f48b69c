import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { addressKey } from '../../http/client-address.js';
import { createRateLimiter } from '../../redis/rate-limiter.js';
import { ChatError } from './errors.js';

export interface ChatRateLimitConfig {
  messagesPerMinutePerIp: number;
  /** Messages one connection may send within 10 seconds; agents get three times as many. */
  messageBurstPerConnection: number;
  conversationsPerHourPerIp: number;
}

/**
 * The chat's abuse limits. Bursts per socket stop a runaway client quickly; per-IP budgets stop one
 * address opening many sockets. Counted in Redis when it is given, so budgets hold across nodes.
 */
export function createChatLimiters(config: ChatRateLimitConfig, redis?: Redis) {
  const perSocket = createRateLimiter(
    {
      keyPrefix: 'msg-socket',
      points: config.messageBurstPerConnection,
      duration: 10,
    },
    redis,
  );
  const perIp = createRateLimiter(
    {
      keyPrefix: 'msg-ip',
      points: config.messagesPerMinutePerIp,
      duration: 60,
    },
    redis,
  );
  const conversationsPerIp = createRateLimiter(
    {
      keyPrefix: 'conv-ip',
      points: config.conversationsPerHourPerIp,
      duration: 3600,
    },
    redis,
  );
  const perAgent = createRateLimiter(
    {
      keyPrefix: 'msg-agent',
      points: config.messageBurstPerConnection * 3,
      duration: 10,
    },
    redis,
  );

  async function consume(limiter: RateLimiterAbstract, key: string, what: string): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new ChatError(
          'rate_limited',
          `Too many ${what}; try again shortly`,
          Math.max(error.msBeforeNext, 1),
        );
      }
      throw error;
    }
  }

  return {
    visitorMessage: async (socketId: string, ip: string) => {
      await consume(perSocket, socketId, 'messages');
      await consume(perIp, addressKey(ip), 'messages');
    },
    agentMessage: (agentId: string) => consume(perAgent, agentId, 'messages'),
    newConversation: (ip: string) => consume(conversationsPerIp, addressKey(ip), 'new conversations'),
  };
}

export type ChatLimiters = ReturnType<typeof createChatLimiters>;
