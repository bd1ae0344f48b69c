import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AgentRecord } from '../../storage/agents.js';
import { authenticateBotKey, isBotKey } from '../integrations/bot-keys.js';

/**
 * Resolves the agent behind a bearer token, or throws `unauthorized`. The agent is re-read on every
 * request so a disabled agent, or one whose password changed, loses access at once, not when the
 * token expires. A bot key
 * (`tps_bot_…`) resolves to the bot's agent row, so every agent route serves bots too.
 */
export async function authenticateAgent(ctx: AppContext, token: string | undefined): Promise<AgentRecord> {
  if (!token) throw new ApiError('unauthorized', 'Missing bearer token');
  if (isBotKey(token)) {
    const bot = await authenticateBotKey(ctx.storage, token);
    if (!bot) throw new ApiError('unauthorized', 'The bot key is invalid or revoked');
    return bot;
  }
  const claims = await ctx.tokens.verify(token, 'agent');
  const agent = claims && (await ctx.storage.agents.findById(claims.agentId));
  if (
    !agent ||
    agent.disabledAt !== null ||
    agent.merchantId !== claims.merchantId ||
    agent.role === 'bot' ||
    // A password change, a role change or a disable bumped the version: this session is over.
    agent.tokenVersion !== claims.tokenVersion
  ) {
    throw new ApiError('unauthorized', 'The token is invalid or expired; log in again');
  }
  return agent;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
