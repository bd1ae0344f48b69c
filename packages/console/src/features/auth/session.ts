import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type {
  AgentLoginRequest,
  AgentLoginResponse,
  AgentMeResponse,
  AgentProfile,
} from '@topay-support/protocol';
import { ApiFailure, type ConsoleApi } from '../../api.js';
import type { TokenStore } from './token-store.js';

/**
 * - `restoring`: checking a stored token with the server.
 * - `signed-out`: show the login form.
 * - `signed-in`: token, agent and merchant are all set.
 * - `unreachable`: a stored token could not be checked (server down, not refused); it is kept.
 */
export type SessionStatus = 'restoring' | 'signed-out' | 'signed-in' | 'unreachable';

/** Why the agent was signed out without asking, so the login form can say so. */
export type SignOutReason = 'expired';

export interface SessionModel {
  readonly status: ReadonlySignal<SessionStatus>;
  readonly token: ReadonlySignal<string | null>;
  readonly agent: ReadonlySignal<AgentProfile | null>;
  readonly merchant: ReadonlySignal<AgentMeResponse['merchant'] | null>;
  /** Why the last restore could not finish, while `status` is `unreachable`. */
  readonly restoreError: ReadonlySignal<ApiFailure | null>;
  readonly signOutReason: ReadonlySignal<SignOutReason | null>;
  /** Logs in and loads the agent's merchant; rejects with an `ApiFailure` and leaves the state signed out. */
  login(credentials: AgentLoginRequest): Promise<void>;
  /**
   * Signs in with a session issued elsewhere: after enrolling two-factor sign-in, or after a password
   * change (which ended every other session and gave this browser a new token).
   */
  adopt(issued: AgentLoginResponse): Promise<void>;
  /** Signs out; `reason` tells the login form why when it was not the agent's choice. */
  logout(reason?: SignOutReason): void;
  /** Resumes a stored, unexpired token if the server still accepts it. */
  restore(): Promise<void>;
  /** Stops the expiry timer. */
  dispose(): void;
}

export interface SessionOptions {
  api: ConsoleApi;
  tokens: TokenStore;
  now?: () => number;
}

// setTimeout fires immediately for delays beyond 2^31-1 ms; agent tokens live 12 h, but be safe.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The agent's session: the only place that holds the token and talks to the auth endpoints.
 *
 * @example
 * const session = createSession({ api: createApi(''), tokens: createTokenStore(sessionStorage) });
 * await session.restore();
 * if (session.status.value === 'signed-out') await session.login({ email, password });
 */
export function createSession(options: SessionOptions): SessionModel {
  const { api, tokens } = options;
  const now = options.now ?? Date.now;
  const status = signal<SessionStatus>('signed-out');
  const token = signal<string | null>(null);
  const agent = signal<AgentProfile | null>(null);
  const merchant = signal<AgentMeResponse['merchant'] | null>(null);
  const restoreError = signal<ApiFailure | null>(null);
  const signOutReason = signal<SignOutReason | null>(null);
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  // Bumped by every login, logout and restore, so an answer that arrives after the agent moved on is dropped.
  let generation = 0;

  function stopTimer() {
    if (expiryTimer !== undefined) clearTimeout(expiryTimer);
    expiryTimer = undefined;
  }

  function signOut(reason: SignOutReason | null) {
    generation += 1;
    stopTimer();
    tokens.clear();
    batch(() => {
      token.value = null;
      agent.value = null;
      merchant.value = null;
      restoreError.value = null;
      signOutReason.value = reason;
      status.value = 'signed-out';
    });
  }

  function signIn(value: { token: string; expiresAt: string }, me: AgentMeResponse) {
    stopTimer();
    const remaining = Date.parse(value.expiresAt) - now();
    // Nothing else would notice expiry until the next API call, which may be hours away on a quiet inbox.
    expiryTimer = setTimeout(() => signOut('expired'), Math.min(Math.max(remaining, 0), MAX_TIMER_MS));
    batch(() => {
      token.value = value.token;
      agent.value = me.agent;
      merchant.value = me.merchant;
      restoreError.value = null;
      signOutReason.value = null;
      status.value = 'signed-in';
    });
  }

  async function adopt(issued: AgentLoginResponse) {
    const current = ++generation;
    const me = await api.me(issued.token);
    if (current !== generation) return;
    const value = { token: issued.token, expiresAt: issued.expiresAt };
    tokens.write(value);
    signIn(value, me);
  }

  return {
    status,
    token,
    agent,
    merchant,
    restoreError,
    signOutReason,

    async login(credentials) {
      const current = ++generation;
      const issued = await api.login(credentials);
      // Signed out (or in again) while this answer was on its way: it is stale.
      if (current === generation) await adopt(issued);
    },

    adopt,

    logout(reason) {
      signOut(reason ?? null);
    },

    async restore() {
      const stored = tokens.read(now());
      if (!stored) {
        if (status.peek() !== 'signed-out') signOut(null);
        return;
      }
      const current = ++generation;
      batch(() => {
        restoreError.value = null;
        status.value = 'restoring';
      });
      try {
        const me = await api.me(stored.token);
        if (current === generation) signIn(stored, me);
      } catch (error) {
        if (current !== generation) return;
        const failure =
          error instanceof ApiFailure ? error : new ApiFailure('network_error', (error as Error).message);
        if (failure.code === 'unauthorized') {
          signOut(null);
          return;
        }
        // Keep the token: the server was unreachable, it did not say the token is bad.
        batch(() => {
          restoreError.value = failure;
          status.value = 'unreachable';
        });
      }
    },

    dispose() {
      generation += 1;
      stopTimer();
    },
  };
}
