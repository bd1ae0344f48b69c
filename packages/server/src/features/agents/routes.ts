import {
  type AgentLoginResponse,
  type AgentMeResponse,
  type AgentProfile,
  LIMITS,
} from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { verifyAgainstDummy, verifyPassword } from '../../auth/passwords.js';
import type { AppContext } from '../../context.js';
import { addressKey } from '../../http/client-address.js';
import { ApiError } from '../../http/errors.js';
import type { AgentRecord } from '../../storage/types.js';
import { authenticateAgent, bearerToken } from './auth.js';

const loginBody = z.object({
  email: z.string().trim().toLowerCase().min(3).max(LIMITS.emailLength).email(),
  password: z.string().min(1).max(LIMITS.passwordMaxLength),
});

export function toAgentProfile(agent: AgentRecord): AgentProfile {
  return { id: agent.id, email: agent.email, name: agent.name, role: agent.role };
}

/** Login throttling: per address and email together, so one attacker cannot lock out an agent from elsewhere. */
const LOGIN_RATE_LIMIT = { max: 10, timeWindow: '10 minutes' } as const;

export function registerAgentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/v1/agent/login',
    {
      config: {
        rateLimit: {
          ...LOGIN_RATE_LIMIT,
          hook: 'preHandler',
          keyGenerator: (request) => {
            const email = (request.body as { email?: unknown } | undefined)?.email;
            return `login:${addressKey(ctx.clientAddress(request.raw))}:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
          },
        },
      },
    },
    async (request): Promise<AgentLoginResponse> => {
      const { email, password } = loginBody.parse(request.body);
      const agent = await ctx.storage.agents.findByEmail(email);
      const valid = agent
        ? await verifyPassword(password, agent.passwordHash)
        : await verifyAgainstDummy(password);
      // Bots have no password; even one set by mistake (agent reset-password) must not log in.
      if (!agent || !valid || agent.disabledAt !== null || agent.role === 'bot') {
        request.log.info({ email }, 'agent login refused');
        throw new ApiError('unauthorized', 'Wrong email or password');
      }
      const { token, expiresAt } = await ctx.tokens.sign({
        kind: 'agent',
        agentId: agent.id,
        merchantId: agent.merchantId,
        role: agent.role,
      });
      request.log.info({ agentId: agent.id }, 'agent logged in');
      return { token, expiresAt: expiresAt.toISOString(), agent: toAgentProfile(agent) };
    },
  );

  app.get('/v1/agent/me', async (request): Promise<AgentMeResponse> => {
    const agent = await authenticateAgent(ctx, bearerToken(request));
    const merchant = await ctx.storage.merchants.findById(agent.merchantId);
    if (!merchant) throw new ApiError('unauthorized', 'The agent no longer belongs to a merchant');
    return { agent: toAgentProfile(agent), merchant: { id: merchant.id, name: merchant.name } };
  });
}
