import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { AgentLoginRequest, AgentLoginResponse, TwoFactorSetupResponse } from '@topay-support/protocol';
import { ApiFailure } from '../../api.js';
import type { SecurityApi } from '../security/security-api.js';
import type { SessionModel } from './session.js';

/**
 * Where the sign-in stands:
 * - `password`: email and password.
 * - `code`: the password was right and the agent has two-factor sign-in: a code (or a recovery code).
 * - `enrol`: the merchant requires two-factor sign-in and the agent has none yet: add the secret to an
 *   app and confirm a code.
 * - `recovery-codes`: enrolled; the recovery codes are shown this once before the inbox opens.
 */
export type LoginStep =
  | { name: 'password' }
  | { name: 'code'; recovery: boolean }
  | { name: 'enrol'; setup: TwoFactorSetupResponse | null }
  | { name: 'recovery-codes'; codes: string[] };

export interface LoginModel {
  /** A request is in flight; the form shows a busy button and ignores further submits. */
  readonly pending: ReadonlySignal<boolean>;
  /** Why the last attempt failed, until the next one starts. */
  readonly error: ReadonlySignal<ApiFailure | null>;
  readonly step: ReadonlySignal<LoginStep>;
  submit(credentials: AgentLoginRequest): Promise<void>;
  /** The second step: a TOTP code, or a recovery code when `recovery` is on. */
  submitCode(code: string): Promise<void>;
  /** Switches the code step between an app's code and a recovery code. */
  useRecoveryCode(on: boolean): void;
  /** Confirms enrolment at sign-in with the first code from the app. */
  confirmEnrolment(code: string): Promise<void>;
  /** The agent saved the recovery codes: open the console. */
  finish(): Promise<void>;
  /** Back to email and password, forgetting what was typed. */
  cancel(): void;
}

const asFailure = (failure: unknown) =>
  failure instanceof ApiFailure ? failure : new ApiFailure('network_error', (failure as Error).message);

/**
 * The login form's state, apart from the session itself: a failed attempt is the form's business,
 * not the session's. The password stays in memory only between the steps of one sign-in.
 *
 * @example
 * const form = createLoginModel(session, security);
 * await form.submit({ email, password }); // form.step.value.name === 'code' when a code is needed
 */
export function createLoginModel(session: SessionModel, security: SecurityApi): LoginModel {
  const pending = signal(false);
  const error = signal<ApiFailure | null>(null);
  const step = signal<LoginStep>({ name: 'password' });
  let credentials: AgentLoginRequest | null = null;
  let enrolled: AgentLoginResponse | null = null;

  async function run(work: () => Promise<void>): Promise<void> {
    if (pending.peek()) return;
    batch(() => {
      pending.value = true;
      error.value = null;
    });
    try {
      await work();
    } catch (failure) {
      error.value = asFailure(failure);
    } finally {
      pending.value = false;
    }
  }

  function reset() {
    credentials = null;
    enrolled = null;
    batch(() => {
      error.value = null;
      step.value = { name: 'password' };
    });
  }

  return {
    pending,
    error,
    step,
    submit: (typed) =>
      run(async () => {
        try {
          await session.login(typed);
          reset();
        } catch (failure) {
          const code = asFailure(failure).code;
          if (code === 'totp_required') {
            credentials = typed;
            step.value = { name: 'code', recovery: false };
            return;
          }
          if (code === 'totp_enrolment_required') {
            credentials = typed;
            step.value = { name: 'enrol', setup: null };
            step.value = { name: 'enrol', setup: await security.setup(typed) };
            return;
          }
          throw failure;
        }
      }),
    submitCode: (code) =>
      run(async () => {
        const current = step.peek();
        if (!credentials || current.name !== 'code') return;
        const trimmed = code.trim();
        await session.login(
          current.recovery ? { ...credentials, recoveryCode: trimmed } : { ...credentials, totp: trimmed },
        );
        reset();
      }),
    useRecoveryCode(on) {
      batch(() => {
        error.value = null;
        step.value = { name: 'code', recovery: on };
      });
    },
    confirmEnrolment: (code) =>
      run(async () => {
        if (!credentials) return;
        const answer = await security.enable(credentials, code.trim());
        enrolled = answer.session ?? null;
        credentials = null;
        step.value = { name: 'recovery-codes', codes: answer.recoveryCodes };
      }),
    finish: () =>
      run(async () => {
        if (enrolled) await session.adopt(enrolled);
        reset();
      }),
    cancel: reset,
  };
}
