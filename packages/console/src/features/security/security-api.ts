import type {
  AgentLoginResponse,
  AgentSecurityResponse,
  AuditListResponse,
  ChangePasswordRequest,
  SecuritySettings,
  TwoFactorEnableResponse,
  TwoFactorSetupResponse,
} from '@topay-support/protocol';
import type { Requester } from '../../api.js';

/**
 * Who asks: a signed-in agent (token), or an agent the merchant's "require two-factor" rule stopped
 * at sign-in, who enrols with the email and password they just typed.
 */
export type SecurityCredentials = { token: string } | { email: string; password: string };

export interface SecurityApi {
  /** `POST /v1/agent/2fa/setup`: a new secret to add to an authenticator app. */
  setup(who: SecurityCredentials): Promise<TwoFactorSetupResponse>;
  /** `POST /v1/agent/2fa/enable`: confirms with a code; the recovery codes come back once. */
  enable(who: SecurityCredentials, totp: string): Promise<TwoFactorEnableResponse>;
  disable(token: string, password: string, totp: string): Promise<void>;
  status(token: string): Promise<AgentSecurityResponse>;
  /** A fresh session for this browser; every other one has ended. */
  changePassword(token: string, request: ChangePasswordRequest): Promise<AgentLoginResponse>;
  setSettings(token: string, settings: SecuritySettings): Promise<SecuritySettings>;
  /** Admins only; newest first. */
  audit(token: string, cursor: string | null): Promise<AuditListResponse>;
}

/**
 * @example
 * const security = createSecurityApi(createRequester(''));
 * const { secret, otpauthUri } = await security.setup({ token });
 */
export function createSecurityApi(request: Requester): SecurityApi {
  const withCredentials = (who: SecurityCredentials, body: Record<string, unknown> = {}) =>
    'token' in who
      ? { token: who.token, body }
      : { body: { ...body, email: who.email, password: who.password } };
  return {
    setup: (who) => request('/v1/agent/2fa/setup', { method: 'POST', ...withCredentials(who) }),
    enable: (who, totp) =>
      request('/v1/agent/2fa/enable', { method: 'POST', ...withCredentials(who, { totp }) }),
    async disable(token, password, totp) {
      await request('/v1/agent/2fa/disable', { method: 'POST', token, body: { password, totp } });
    },
    status: (token) => request('/v1/agent/security', { method: 'GET', token }),
    changePassword: (token, body) => request('/v1/agent/password', { method: 'POST', token, body }),
    setSettings: (token, body) => request('/v1/agent/settings/security', { method: 'PUT', token, body }),
    audit: (token, cursor) =>
      request(`/v1/agent/audit?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        method: 'GET',
        token,
      }),
  };
}
