import type { AgentLoginResponse } from './agent.js';

/** Digits in a TOTP code (RFC 6238 default, what every authenticator app shows). */
export const TOTP_DIGITS = 6;

/** `POST /v1/agent/2fa/setup` answer: add the secret to an authenticator app, then confirm a code. */
export interface TwoFactorSetupResponse {
  /** Base32, for typing in by hand. */
  secret: string;
  /** `otpauth://totp/…`, what a QR code would carry. */
  otpauthUri: string;
}

/**
 * `POST /v1/agent/2fa/enable` answer. The recovery codes are shown this once; each signs in once in
 * place of a code. `session` is present when enrolment was done with email and password at sign-in.
 */
export interface TwoFactorEnableResponse {
  recoveryCodes: string[];
  session?: AgentLoginResponse;
}

/** `GET /v1/agent/security` answer: the agent's own state and, for admins, the merchant's rule. */
export interface AgentSecurityResponse {
  twoFactorEnabled: boolean;
  /** Recovery codes not used yet. */
  recoveryCodesLeft: number;
  requireTwoFactor: boolean;
}

/** `PUT /v1/agent/settings/security` body and answer (admins only). */
export interface SecuritySettings {
  requireTwoFactor: boolean;
}

/** `POST /v1/agent/password` body; the answer is a fresh `AgentLoginResponse` (other sessions end). */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export const AUDIT_ACTOR_TYPES = ['agent', 'bot', 'cli', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

export const AUDIT_ACTIONS = [
  'agent.login',
  'agent.login_failed',
  'agent.locked',
  'agent.2fa_enabled',
  'agent.2fa_disabled',
  'agent.2fa_reset',
  'agent.recovery_code_used',
  'agent.created',
  'agent.disabled',
  'agent.enabled',
  'agent.password_changed',
  'agent.role_changed',
  'payment.viewed',
  'visitor.exported',
  'visitor.deleted',
  'merchant.settings_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One line of the append-only audit log: who did what to what, when, from which address. */
export interface AuditEntry {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  actor: { type: AuditActorType; id: string | null; email: string | null };
  action: AuditAction;
  /** What was acted on: an agent's email, a payment reference, a visitor id, a merchant key. */
  target: string | null;
  /** The client address, for actions that came over the network. */
  ip: string | null;
  /** Never card data, secrets or visitor contact details. */
  details: Record<string, unknown>;
}

/** `GET /v1/agent/audit?since=&cursor=&limit=` answer (admins only), newest first. */
export interface AuditListResponse {
  entries: AuditEntry[];
  nextCursor: string | null;
}
