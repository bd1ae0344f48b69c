import { createHash } from 'node:crypto';
import { type AgentLoginResponse, type AgentMeResponse, LIMITS } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { agentLoginResponse } from '../../http/api-schemas.js';
import { addressKey } from '../../http/client-address.js';
import { ApiError } from '../../http/errors.js';
import { authenticateAgent, bearerToken } from './auth.js';
import { type SignIn, toAgentProfile } from './sign-in.js';

export { toAgentProfile };

export const loginCredentials = {
  email: z.string().trim().toLowerCase().min(3).max(LIMITS.emailLength).email(),
  password: z.string().min(1).max(LIMITS.passwordMaxLength),
};

const loginBody = z.object({
  ...loginCredentials,
  totp: z.string().trim().max(16).optional(),
  recoveryCode: z.string().trim().max(64).optional(),
});

/**
 * Request throttling per address and email together (on top of the account lockout in lockout.ts),
 * so one attacker cannot lock out an agent from elsewhere.
 */
export function loginRateLimit(signInsPer10Minutes: number) {
  return {
    rateLimit: {
      max: signInsPer10Minutes,
      timeWindow: '10 minutes',
      hook: 'preHandler',
      keyGenerator: (request: {
        ip: string;
        body?: unknown;
        headers: { authorization?: string | undefined };
      }) => {
        const email = (request.body as { email?: unknown } | undefined)?.email;
        if (typeof email === 'string') return `login:${addressKey(request.ip)}:${email.trim().toLowerCase()}`;
        // Signed-in requests (2FA set-up, password change) count per session, not per office address.
        const bearer = request.headers.authorization ?? '';
        return `login:${addressKey(request.ip)}:${createHash('sha256').update(bearer).digest('base64url').slice(0, 22)}`;
      },
    },
  } as const;
}

export function registerAgentRoutes(app: FastifyInstance, ctx: AppContext, signIn: SignIn): void {
  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/login',
      summary: 'Sign in',
      tag: 'Agents',
      auth: 'none',
      body: loginBody,
      responses: {
        200: {
          description: '`{ token, expiresAt, agent }`: send the token as `Authorization: Bearer`',
          schema: agentLoginResponse,
        },
      },
      errors: ['unauthorized', 'totp_required', 'totp_enrolment_required', 'account_locked', 'rate_limited'],
      options: { config: loginRateLimit(ctx.config.rateLimits.agentSignInsPer10Minutes) },
    },
    async (request, _reply, input): Promise<AgentLoginResponse> => {
      const { email, password, totp, recoveryCode } = input.body();
      const agent = await signIn.checkPassword(email, password, request.ip);
      if (agent.twoFactorEnabled) {
        const method = await signIn.checkSecondFactor(agent, { totp, recoveryCode }, request.ip);
        return signIn.issue(agent, request.ip, method);
      }
      const merchant = await ctx.storage.merchants.findById(agent.merchantId);
      if (merchant?.settings.requireTwoFactor) {
        throw new ApiError(
          'totp_enrolment_required',
          'Your team requires two-factor sign-in: set it up with POST /v1/agent/2fa/setup and /enable, sending your email and password',
        );
      }
      return signIn.issue(agent, request.ip, 'password');
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/me',
      summary: 'Who this token belongs to',
      tag: 'Agents',
      auth: 'agent',
      responses: { 200: { description: '`{ agent, merchant: { id, name } }`' } },
      errors: ['unauthorized'],
    },
    async (request): Promise<AgentMeResponse> => {
      const agent = await authenticateAgent(ctx, bearerToken(request));
      const merchant = await ctx.storage.merchants.findById(agent.merchantId);
      if (!merchant) throw new ApiError('unauthorized', 'The agent no longer belongs to a merchant');
      return { agent: toAgentProfile(agent), merchant: { id: merchant.id, name: merchant.name } };
    },
  );
}
