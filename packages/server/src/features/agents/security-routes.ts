import {
  type AgentLoginResponse,
  type AgentSecurityResponse,
  LIMITS,
  type SecuritySettings,
  type TwoFactorEnableResponse,
  type TwoFactorSetupResponse,
} from '@topay-support/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  type TotpCodec,
  totpUri,
} from '../../auth/totp.js';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { agentLoginResponse } from '../../http/api-schemas.js';
import { ApiError } from '../../http/errors.js';
import type { AgentRecord } from '../../storage/agents.js';
import type { AuditLog } from '../audit/audit-log.js';
import { authenticateAgent, bearerToken } from './auth.js';
import { loginCredentials, loginRateLimit } from './routes.js';
import { agentActor, type SignIn, toAgentProfile } from './sign-in.js';

const code = z.string().trim().min(1).max(16);
const credentials = z.object(loginCredentials);
const enableBody = z.object({ totp: code }).passthrough();
const disableBody = z.object({ password: loginCredentials.password, totp: code });
const passwordBody = z.object({
  currentPassword: loginCredentials.password,
  newPassword: z.string().min(LIMITS.passwordMinLength).max(LIMITS.passwordMaxLength),
});
/** Email and password: only at a sign-in the merchant's rule stopped, without a bearer token. */
const enrolmentBody = credentials.optional();
const settingsBody = z.object({ requireTwoFactor: z.boolean() });

export interface AgentSecurityDeps {
  signIn: SignIn;
  audit: AuditLog;
  totp: TotpCodec;
  /** Disconnects every socket of the agent on every node (password changed, disabled). */
  endSessions(agentId: string): void;
}

/** A person signed in with a bearer token: bots (API keys) have no password or second factor. */
async function personOf(ctx: AppContext, request: FastifyRequest): Promise<AgentRecord> {
  const agent = await authenticateAgent(ctx, bearerToken(request));
  if (agent.role === 'bot') throw new ApiError('forbidden', 'Bots sign in with their key only');
  return agent;
}

export async function adminOf(ctx: AppContext, request: FastifyRequest): Promise<AgentRecord> {
  const agent = await authenticateAgent(ctx, bearerToken(request));
  if (agent.role !== 'admin') throw new ApiError('forbidden', 'Only an admin may do this');
  return agent;
}

/**
 * Two-factor enrolment, password change and the merchant's "require two-factor" rule. Enrolment
 * works with a bearer token (from the agent's settings) or, at a sign-in the merchant's rule
 * stopped, with email and password in the body, which pass the same lockout as a login.
 */
export function registerAgentSecurityRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  deps: AgentSecurityDeps,
): void {
  const { signIn, audit } = deps;
  const signInLimit = loginRateLimit(ctx.config.rateLimits.agentSignInsPer10Minutes);

  async function enrolling(request: FastifyRequest): Promise<{ agent: AgentRecord; atSignIn: boolean }> {
    if (bearerToken(request)) return { agent: await personOf(ctx, request), atSignIn: false };
    const { email, password } = credentials.parse(request.body);
    const agent = await signIn.checkPassword(email, password, request.ip);
    // With two factors on, a password alone must never be enough to replace them.
    if (agent.twoFactorEnabled) {
      throw new ApiError('forbidden', 'Two-factor sign-in is on already: sign in with a code first');
    }
    return { agent, atSignIn: true };
  }

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/security',
      summary: 'Your two-factor state',
      tag: 'Security',
      auth: 'agent',
      responses: { 200: { description: '`{ twoFactorEnabled, recoveryCodesLeft, requireTwoFactor }`' } },
      errors: ['unauthorized'],
    },
    async (request): Promise<AgentSecurityResponse> => {
      const agent = await personOf(ctx, request);
      const merchant = await ctx.storage.merchants.findById(agent.merchantId);
      return {
        twoFactorEnabled: agent.twoFactorEnabled,
        recoveryCodesLeft: agent.twoFactorEnabled
          ? await ctx.storage.agentTotp.recoveryCodesLeft(agent.id)
          : 0,
        requireTwoFactor: merchant?.settings.requireTwoFactor === true,
      };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/2fa/setup',
      summary: 'Start two-factor set-up (a TOTP secret)',
      tag: 'Security',
      auth: 'agent',
      body: enrolmentBody,
      responses: { 200: { description: '`{ secret, otpauthUri }`' } },
      errors: ['unauthorized', 'forbidden', 'conflict', 'account_locked', 'rate_limited'],
      options: { config: signInLimit },
    },
    async (request): Promise<TwoFactorSetupResponse> => {
      const { agent } = await enrolling(request);
      if (agent.twoFactorEnabled)
        throw new ApiError('conflict', 'Two-factor sign-in is on already; turn it off first');
      const secret = newTotpSecret();
      if (!(await ctx.storage.agentTotp.begin(agent.id, deps.totp.encrypt(secret)))) {
        throw new ApiError('conflict', 'Two-factor sign-in is on already; turn it off first');
      }
      return { secret, otpauthUri: totpUri(secret, agent.email) };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/2fa/enable',
      summary: 'Turn two-factor sign-in on with a first code',
      tag: 'Security',
      auth: 'agent',
      body: enableBody,
      responses: {
        200: { description: '`{ recoveryCodes, session? }` (a session when enrolling at sign-in)' },
      },
      errors: ['unauthorized', 'forbidden', 'conflict', 'account_locked', 'rate_limited'],
      options: { config: signInLimit },
    },
    async (request, _reply, input): Promise<TwoFactorEnableResponse> => {
      const { totp } = input.body();
      const { agent, atSignIn } = await enrolling(request);
      const step = await signIn.useTotp(agent, totp);
      if (step === undefined) {
        throw new ApiError(
          'unauthorized',
          'That code does not match: check the time on your phone and try the next one',
        );
      }
      const recoveryCodes = newRecoveryCodes();
      if (!(await ctx.storage.agentTotp.enable(agent.id, step, recoveryCodes.map(hashRecoveryCode)))) {
        throw new ApiError('conflict', 'Start with POST /v1/agent/2fa/setup');
      }
      await audit.record({
        merchantId: agent.merchantId,
        actor: agentActor(agent),
        action: 'agent.2fa_enabled',
        target: agent.email,
        ip: request.ip,
        details: { atSignIn },
      });
      if (!atSignIn) return { recoveryCodes };
      const enrolled = (await ctx.storage.agents.findById(agent.id)) ?? agent;
      return { recoveryCodes, session: await signIn.issue(enrolled, request.ip, 'totp') };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/2fa/disable',
      summary: 'Turn two-factor sign-in off',
      tag: 'Security',
      auth: 'agent',
      body: disableBody,
      responses: { 200: { description: '`{ twoFactorEnabled: false }`' } },
      errors: ['unauthorized', 'forbidden', 'conflict', 'rate_limited'],
      options: { config: signInLimit },
    },
    async (request, _reply, input) => {
      const agent = await personOf(ctx, request);
      const { password, totp } = input.body();
      const merchant = await ctx.storage.merchants.findById(agent.merchantId);
      if (merchant?.settings.requireTwoFactor) {
        throw new ApiError('forbidden', 'Your team requires two-factor sign-in; an admin can lift that rule');
      }
      if (!agent.twoFactorEnabled) throw new ApiError('conflict', 'Two-factor sign-in is off already');
      if (
        !(await verifyPassword(password, agent.passwordHash)) ||
        (await signIn.useTotp(agent, totp)) === undefined
      ) {
        throw new ApiError('unauthorized', 'Wrong password or code');
      }
      await ctx.storage.agentTotp.disable(agent.id);
      await audit.record({
        merchantId: agent.merchantId,
        actor: agentActor(agent),
        action: 'agent.2fa_disabled',
        target: agent.email,
        ip: request.ip,
        details: {},
      });
      return { twoFactorEnabled: false };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/password',
      summary: 'Change your password (ends your other sessions)',
      tag: 'Security',
      auth: 'agent',
      body: passwordBody,
      responses: {
        200: {
          description: '`{ token, expiresAt, agent }`: a fresh token for this session',
          schema: agentLoginResponse,
        },
      },
      errors: ['unauthorized', 'rate_limited'],
      options: { config: signInLimit },
    },
    async (request, _reply, input): Promise<AgentLoginResponse> => {
      const agent = await personOf(ctx, request);
      const { currentPassword, newPassword } = input.body();
      if (!(await verifyPassword(currentPassword, agent.passwordHash))) {
        throw new ApiError('unauthorized', 'The current password is wrong');
      }
      // Bumps the token version: every other token of this agent stops working with this request.
      await ctx.storage.agents.setPasswordHash(agent.id, await hashPassword(newPassword));
      deps.endSessions(agent.id);
      await audit.record({
        merchantId: agent.merchantId,
        actor: agentActor(agent),
        action: 'agent.password_changed',
        target: agent.email,
        ip: request.ip,
        details: { by: 'self' },
      });
      const updated = await ctx.storage.agents.findById(agent.id);
      if (!updated) throw new ApiError('unauthorized', 'The agent no longer exists');
      // This browser keeps working with a fresh token; every other session has ended.
      const { token, expiresAt } = await ctx.tokens.sign({
        kind: 'agent',
        agentId: updated.id,
        merchantId: updated.merchantId,
        role: updated.role === 'admin' ? 'admin' : 'agent',
        tokenVersion: updated.tokenVersion,
      });
      return { token, expiresAt: expiresAt.toISOString(), agent: toAgentProfile(updated) };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/settings/security',
      summary: "The team's sign-in rule (admins)",
      tag: 'Security',
      auth: 'agent',
      responses: { 200: { description: '`{ requireTwoFactor }`' } },
      errors: ['unauthorized', 'forbidden'],
    },
    async (request): Promise<SecuritySettings> => {
      const admin = await adminOf(ctx, request);
      const merchant = await ctx.storage.merchants.findById(admin.merchantId);
      return { requireTwoFactor: merchant?.settings.requireTwoFactor === true };
    },
  );

  apiRoute(
    app,
    {
      method: 'PUT',
      url: '/v1/agent/settings/security',
      summary: 'Require two-factor sign-in for the team (admins)',
      tag: 'Security',
      auth: 'agent',
      body: settingsBody,
      responses: { 200: { description: '`{ requireTwoFactor }`' } },
      errors: ['unauthorized', 'forbidden'],
    },
    async (request, _reply, input): Promise<SecuritySettings> => {
      const admin = await adminOf(ctx, request);
      const { requireTwoFactor } = input.body();
      const merchant = await ctx.storage.merchants.findById(admin.merchantId);
      if (!merchant) throw new ApiError('unauthorized', 'The agent no longer belongs to a merchant');
      const before = merchant.settings.requireTwoFactor === true;
      if (before !== requireTwoFactor) {
        await ctx.storage.merchants.update(merchant.id, {
          settings: { ...merchant.settings, requireTwoFactor },
        });
        await audit.record({
          merchantId: merchant.id,
          actor: agentActor(admin),
          action: 'merchant.settings_changed',
          target: merchant.key,
          ip: request.ip,
          details: { requireTwoFactor: { from: before, to: requireTwoFactor } },
        });
      }
      return { requireTwoFactor };
    },
  );
}
