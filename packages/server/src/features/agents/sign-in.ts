import type { AgentLoginResponse, AgentProfile } from '@topay-support/protocol';
import { verifyAgainstDummy, verifyPassword } from '../../auth/passwords.js';
import { hashRecoveryCode, matchTotp, type TotpCodec } from '../../auth/totp.js';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { AgentRecord } from '../../storage/agents.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { LoginLockout } from './lockout.js';

export function toAgentProfile(agent: AgentRecord): AgentProfile {
  return { id: agent.id, email: agent.email, name: agent.name, role: agent.role };
}

export interface SecondFactor {
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

export interface SignIn {
  /**
   * The agent whose email and password these are, or a thrown `unauthorized` / `account_locked`.
   * Every failure counts towards the lockout and is audited.
   */
  checkPassword(email: string, password: string, ip: string): Promise<AgentRecord>;
  /** Checks a TOTP or recovery code for an agent with two-factor sign-in; throws like `checkPassword`. */
  checkSecondFactor(agent: AgentRecord, factor: SecondFactor, ip: string): Promise<'totp' | 'recovery_code'>;
  /** The step a TOTP code matches, recorded as used; `undefined` for a wrong or reused code. */
  useTotp(agent: AgentRecord, code: string): Promise<number | undefined>;
  /** Issues a session after a complete sign-in and audits it. */
  issue(agent: AgentRecord, ip: string, method: string): Promise<AgentLoginResponse>;
}

export const agentActor = (agent: AgentRecord) =>
  ({ type: agent.role === 'bot' ? 'bot' : 'agent', id: agent.id, email: agent.email }) as const;

/**
 * The steps of an agent sign-in, shared by `POST /v1/agent/login` and enrolment at sign-in, so the
 * lockout, the audit trail and the token's version are applied the same way everywhere.
 */
export function createSignIn(deps: {
  ctx: AppContext;
  lockout: LoginLockout;
  audit: AuditLog;
  totp: TotpCodec;
}): SignIn {
  const { ctx, lockout, audit } = deps;

  function lockedError(retryAfter: number): ApiError {
    const minutes = Math.ceil(retryAfter / 60);
    return new ApiError(
      'account_locked',
      `Too many failed sign-ins for this account: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      { retryAfter },
    );
  }

  async function failure(
    email: string,
    ip: string,
    agent: AgentRecord | undefined,
    reason: string,
  ): Promise<never> {
    const locked = await lockout.fail(email, ip);
    ctx.logger.info({ email, reason }, 'agent login refused');
    // Unknown emails have no merchant to audit for; the log line above is their trail.
    if (agent && agent.role !== 'bot') {
      const actor = agentActor(agent);
      await audit.record({
        merchantId: agent.merchantId,
        actor,
        action: 'agent.login_failed',
        target: agent.email,
        ip,
        details: { reason },
      });
      if (locked) {
        await audit.record({
          merchantId: agent.merchantId,
          actor,
          action: 'agent.locked',
          target: agent.email,
          ip,
          details: { seconds: locked },
        });
      }
    }
    if (locked) throw lockedError(locked);
    throw new ApiError(
      'unauthorized',
      reason === 'code' ? 'Wrong or already used code' : 'Wrong email or password',
    );
  }

  async function useTotp(agent: AgentRecord, code: string): Promise<number | undefined> {
    const stored = await ctx.storage.agentTotp.find(agent.id);
    const secret = stored?.encryptedSecret ? deps.totp.decrypt(stored.encryptedSecret) : undefined;
    if (!secret) return undefined;
    const step = await matchTotp(secret, code);
    if (step === undefined) return undefined;
    // The guarded update refuses a step at or before the last one used, on every node at once.
    return (await ctx.storage.agentTotp.useStep(agent.id, step)) ? step : undefined;
  }

  return {
    async checkPassword(email, password, ip) {
      const wait = await lockout.retryAfter(email, ip);
      if (wait > 0) throw lockedError(wait);
      const agent = await ctx.storage.agents.findByEmail(email);
      const valid = agent
        ? await verifyPassword(password, agent.passwordHash)
        : await verifyAgainstDummy(password);
      // Bots have no password; even one set by mistake (agent reset-password) must not log in.
      if (!agent || !valid || agent.disabledAt !== null || agent.role === 'bot') {
        return failure(email, ip, agent, 'password');
      }
      return agent;
    },
    async checkSecondFactor(agent, factor, ip) {
      if (factor.totp !== undefined) {
        if ((await useTotp(agent, factor.totp)) !== undefined) return 'totp';
        return failure(agent.email, ip, agent, 'code');
      }
      if (factor.recoveryCode !== undefined) {
        if (await ctx.storage.agentTotp.useRecoveryCode(agent.id, hashRecoveryCode(factor.recoveryCode))) {
          await audit.record({
            merchantId: agent.merchantId,
            actor: agentActor(agent),
            action: 'agent.recovery_code_used',
            target: agent.email,
            ip,
            details: { left: await ctx.storage.agentTotp.recoveryCodesLeft(agent.id) },
          });
          return 'recovery_code';
        }
        return failure(agent.email, ip, agent, 'code');
      }
      throw new ApiError(
        'totp_required',
        'Two-factor sign-in is on: send the code from your authenticator app as totp, or a recovery code as recoveryCode',
      );
    },
    useTotp,
    async issue(agent, ip, method) {
      await lockout.succeed(agent.email, ip);
      const { token, expiresAt } = await ctx.tokens.sign({
        kind: 'agent',
        agentId: agent.id,
        merchantId: agent.merchantId,
        role: agent.role === 'admin' ? 'admin' : 'agent',
        tokenVersion: agent.tokenVersion,
      });
      await audit.record({
        merchantId: agent.merchantId,
        actor: agentActor(agent),
        action: 'agent.login',
        target: agent.email,
        ip,
        details: { method },
      });
      ctx.logger.info({ agentId: agent.id }, 'agent logged in');
      return { token, expiresAt: expiresAt.toISOString(), agent: toAgentProfile(agent) };
    },
  };
}
