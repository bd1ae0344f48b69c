import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRecoveryCode } from '../src/auth/totp.js';
import {
  type Answer,
  call,
  createAgent,
  createMerchant,
  login,
  type Session,
  totpCode,
} from './agent-accounts.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    loginLockout: { failures: 5, lockSeconds: 2, accountFailuresPerHour: 10, accountLockSeconds: 2 },
  });
});
afterAll(async () => {
  await t.close();
});

async function demoMerchant() {
  const merchant = await t.storage.merchants.findByKey('pk_demo');
  if (!merchant) throw new Error('no demo merchant');
  return merchant;
}

/** Signs in with a password (the agent has no second factor yet) and enrols; returns the secret and codes. */
async function enrol(email: string, password: string) {
  const session = await login(t.url, { email, password });
  expect(session.status).toBe(200);
  const setup = await call<{ secret: string; otpauthUri: string }>(t.url, 'POST', '/v1/agent/2fa/setup', {
    token: session.body.token,
  });
  expect(setup.status).toBe(200);
  const enabled = await call<{ recoveryCodes: string[] }>(t.url, 'POST', '/v1/agent/2fa/enable', {
    token: session.body.token,
    body: { totp: await totpCode(setup.body.secret) },
  });
  expect(enabled.status).toBe(200);
  return {
    secret: setup.body.secret,
    setup: setup.body,
    recoveryCodes: enabled.body.recoveryCodes,
    token: session.body.token,
  };
}

describe('two-factor sign-in', () => {
  it('keeps the demo agent signing in with just the password (pk_demo does not require it)', async () => {
    const answer = await login(t.url, { email: 'agent@demo.test', password: DEMO_PASSWORD });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['agent', 'expiresAt', 'token']);
  });

  it('enrols with a code, then asks for a code at sign-in and accepts one within ±1 step', async () => {
    const { email, password } = await createAgent(t.storage, await demoMerchant());
    const { secret, setup, recoveryCodes } = await enrol(email, password);
    expect(setup.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/topay-support:/);
    expect(setup.otpauthUri).toContain(`secret=${secret}`);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // The secret is kept encrypted, not as the base32 the app was given.
    const agent = await t.storage.agents.findByEmail(email);
    const stored = await t.storage.agentTotp.find(agent!.id);
    expect(stored?.encryptedSecret).toBeTruthy();
    expect(stored?.encryptedSecret).not.toContain(secret);

    const passwordOnly = await login(t.url, { email, password });
    expect(passwordOnly.status).toBe(401);
    expect(passwordOnly.body.error).toMatchObject({ code: 'totp_required' });

    // More than one step away (clock far off) is refused; the next step (a phone 30 s ahead) is accepted.
    const tooLate = await login(t.url, { email, password, totp: await totpCode(secret, -3) });
    expect(tooLate.status).toBe(401);
    expect(tooLate.body.error).toMatchObject({ code: 'unauthorized' });
    const code = await totpCode(secret, 1);
    const signedIn = await login(t.url, { email, password, totp: code });
    expect(signedIn.status).toBe(200);
    expect(Object.keys(signedIn.body).sort()).toEqual(['agent', 'expiresAt', 'token']);
    const me = await call(t.url, 'GET', '/v1/agent/me', { token: signedIn.body.token });
    expect(me.status).toBe(200);

    // The same code again, still inside its window, is a replay.
    const replay = await login(t.url, { email, password, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toMatchObject({ code: 'unauthorized' });
    // A wrong password with a right code says nothing about the code.
    const wrongPassword = await login(t.url, {
      email,
      password: 'not-the-password',
      totp: await totpCode(secret, 1),
    });
    expect(wrongPassword.status).toBe(401);
  });

  it('accepts each recovery code once, in any case and spacing', async () => {
    const { email, password } = await createAgent(t.storage, await demoMerchant());
    const { recoveryCodes, token } = await enrol(email, password);
    const [first, second] = recoveryCodes as [string, string];
    const used = await login(t.url, { email, password, recoveryCode: ` ${first.toUpperCase()} ` });
    expect(used.status).toBe(200);
    const again = await login(t.url, { email, password, recoveryCode: first });
    expect(again.status).toBe(401);
    expect((await login(t.url, { email, password, recoveryCode: second.replaceAll('-', '') })).status).toBe(
      200,
    );
    const security = await call<{ twoFactorEnabled: boolean; recoveryCodesLeft: number }>(
      t.url,
      'GET',
      '/v1/agent/security',
      { token },
    );
    expect(security.body).toMatchObject({ twoFactorEnabled: true, recoveryCodesLeft: 8 });
    // Only hashes are stored.
    const agent = await t.storage.agents.findByEmail(email);
    expect(await t.storage.agentTotp.useRecoveryCode(agent!.id, hashRecoveryCode(first))).toBe(false);
  });

  it('turns off only with the password and a fresh code, and not while the merchant requires it', async () => {
    const merchant = await createMerchant(t.storage);
    const { email, password } = await createAgent(t.storage, merchant);
    const { secret, token } = await enrol(email, password);
    const wrong = await call(t.url, 'POST', '/v1/agent/2fa/disable', {
      token,
      body: { password: 'wrong-password-0', totp: await totpCode(secret, 1) },
    });
    expect(wrong.status).toBe(401);
    await t.storage.merchants.update(merchant.id, {
      settings: { ...merchant.settings, requireTwoFactor: true },
    });
    const required = await call(t.url, 'POST', '/v1/agent/2fa/disable', {
      token,
      body: { password, totp: await totpCode(secret, 1) },
    });
    expect(required.status).toBe(403);
    await t.storage.merchants.update(merchant.id, { settings: merchant.settings });
    const off = await call(t.url, 'POST', '/v1/agent/2fa/disable', {
      token,
      body: { password, totp: await totpCode(secret, 1) },
    });
    expect(off.status).toBe(200);
    expect((await login(t.url, { email, password })).status).toBe(200);
  });

  it('makes agents of a merchant that requires it enrol at sign-in before they get a token', async () => {
    const merchant = await createMerchant(t.storage);
    const admin = await createAgent(t.storage, merchant, 'admin');
    const agent = await createAgent(t.storage, merchant);
    const adminSession = await login(t.url, { email: admin.email, password: admin.password });
    expect(adminSession.status).toBe(200);
    // Only an admin may change the rule.
    const agentSession = await login(t.url, { email: agent.email, password: agent.password });
    const refused = await call(t.url, 'PUT', '/v1/agent/settings/security', {
      token: agentSession.body.token,
      body: { requireTwoFactor: true },
    });
    expect(refused.status).toBe(403);
    const set = await call(t.url, 'PUT', '/v1/agent/settings/security', {
      token: adminSession.body.token,
      body: { requireTwoFactor: true },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ requireTwoFactor: true });

    const stopped = await login(t.url, { email: agent.email, password: agent.password });
    expect(stopped.status).toBe(401);
    expect(stopped.body.error).toMatchObject({ code: 'totp_enrolment_required' });
    expect(stopped.body).not.toHaveProperty('token');

    // Enrolment at sign-in: email and password stand in for the token, and a wrong password is refused.
    const badSetup = await call(t.url, 'POST', '/v1/agent/2fa/setup', {
      body: { email: agent.email, password: 'wrong-password-0' },
    });
    expect(badSetup.status).toBe(401);
    const setup = await call<{ secret: string }>(t.url, 'POST', '/v1/agent/2fa/setup', {
      body: { email: agent.email, password: agent.password },
    });
    expect(setup.status).toBe(200);
    const enabled = await call<{ recoveryCodes: string[]; session: Session }>(
      t.url,
      'POST',
      '/v1/agent/2fa/enable',
      {
        body: { email: agent.email, password: agent.password, totp: await totpCode(setup.body.secret) },
      },
    );
    expect(enabled.status).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
    expect((await call(t.url, 'GET', '/v1/agent/me', { token: enabled.body.session.token })).status).toBe(
      200,
    );
    // From now on the password alone never gets a token, nor a new secret.
    expect((await login(t.url, { email: agent.email, password: agent.password })).body.error).toMatchObject({
      code: 'totp_required',
    });
    const reSetup = await call(t.url, 'POST', '/v1/agent/2fa/setup', {
      body: { email: agent.email, password: agent.password },
    });
    expect(reSetup.status).toBe(403);
    const signedIn = await login(t.url, {
      email: agent.email,
      password: agent.password,
      totp: await totpCode(setup.body.secret, 1),
    });
    expect(signedIn.status).toBe(200);
  });
});

describe('account lockout', () => {
  function expectLocked(answer: Answer<{ error?: { code: string; message: string; retryAfter?: number } }>) {
    expect(answer.status).toBe(429);
    expect(answer.body.error?.code).toBe('account_locked');
    expect(answer.body.error?.message).toMatch(
      /Too many failed sign-ins for this account: try again in 1 minute/,
    );
    expect(answer.body.error?.retryAfter).toBeGreaterThan(0);
    expect(Number(answer.retryAfter)).toBe(answer.body.error?.retryAfter);
  }

  it('locks an account for one address after 5 failures, even for the right password, until it expires', async () => {
    const { email, password } = await createAgent(t.storage, await demoMerchant());
    for (let i = 0; i < 4; i++) {
      const answer = await login(t.url, { email, password: 'wrong-password-0' }, '127.0.0.1');
      expect(answer.status).toBe(401);
      expect(answer.body.error?.code).toBe('unauthorized');
    }
    expectLocked(await login(t.url, { email, password: 'wrong-password-0' }, '127.0.0.1'));
    expectLocked(await login(t.url, { email, password }, '127.0.0.1'));
    // The stranger locked only their own address: the agent elsewhere signs in as usual.
    expect((await login(t.url, { email, password }, '127.0.0.2')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await login(t.url, { email, password }, '127.0.0.1')).status).toBe(200);
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const { email, password } = await createAgent(t.storage, await demoMerchant());
    for (let i = 0; i < 4; i++) await login(t.url, { email, password: 'wrong-password-0' }, '127.0.0.3');
    expect((await login(t.url, { email, password }, '127.0.0.3')).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await login(t.url, { email, password: 'wrong-password-0' }, '127.0.0.3')).status).toBe(401);
    }
  });

  it('slows a guesser spread over many addresses with a short account-wide lock', async () => {
    const { email, password } = await createAgent(t.storage, await demoMerchant());
    // 10 failures an hour for the account from anywhere (50 by default) start a 2 s account-wide wait.
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push(await login(t.url, { email, password: 'wrong-password-0' }, `127.0.1.${i + 1}`));
    expect(answers.slice(0, 9).every((answer) => answer.status === 401)).toBe(true);
    expectLocked(answers[9]!);
    expectLocked(await login(t.url, { email, password }, '127.0.2.1'));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await login(t.url, { email, password }, '127.0.2.1')).status).toBe(200);
  });

  it('counts wrong second factors too, and audits the failures and the lock', async () => {
    const { email, password } = await createAgent(t.storage, await demoMerchant());
    const { secret } = await enrol(email, password);
    for (let i = 0; i < 4; i++) {
      expect((await login(t.url, { email, password, totp: '000000' }, '127.0.0.4')).status).toBe(401);
    }
    expectLocked(await login(t.url, { email, password, totp: '000000' }, '127.0.0.4'));
    expectLocked(await login(t.url, { email, password, totp: await totpCode(secret, 1) }, '127.0.0.4'));
    const merchant = await demoMerchant();
    const { entries } = await t.storage.audit.list(merchant.id, { limit: 200 });
    const mine = entries.filter((entry) => entry.target === email);
    expect(mine.filter((entry) => entry.action === 'agent.login_failed')).toHaveLength(5);
    expect(mine.find((entry) => entry.action === 'agent.locked')).toMatchObject({
      ip: '127.0.0.4',
      details: { seconds: 2 },
    });
  });
});
