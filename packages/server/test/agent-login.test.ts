import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from './helpers.js';
import { connectAgent, disconnectAll } from './sockets-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ disabledAgentSweepMs: 100 });
});
afterAll(async () => {
  disconnectAll();
  await t.close();
});

function login(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /v1/agent/login', () => {
  it('returns a token, its expiry and the agent (docs/agent-api.md shape)', async () => {
    const response = await login({ email: 'Agent@Demo.test ', password: DEMO_PASSWORD });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['agent', 'expiresAt', 'token']);
    expect(body.agent).toEqual({
      id: expect.any(String),
      email: 'agent@demo.test',
      name: 'Demo Agent',
      role: 'admin',
    });
    expect(new Date(body.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
    expect(body.expiresAt).toMatch(/Z$/);

    const me = await fetch(`${t.url}/v1/agent/me`, { headers: { authorization: `Bearer ${body.token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      agent: { email: 'agent@demo.test' },
      merchant: { name: 'Topay 演示商店' },
    });
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await login({ email: 'agent@demo.test', password: 'not-the-password' });
    const unknown = await login({ email: 'nobody@demo.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('refuses a disabled agent', async () => {
    const merchant = await t.storage.merchants.findByKey('pk_demo');
    const agent = await t.storage.agents.create({
      merchantId: merchant!.id,
      email: 'gone@demo.test',
      name: 'Gone',
      role: 'agent',
      passwordHash: await hashPassword('gone-password-1'),
    });
    const before = await login({ email: 'gone@demo.test', password: 'gone-password-1' });
    expect(before.status).toBe(200);
    const { token } = (await before.json()) as { token: string };
    await t.storage.agents.setDisabled(agent.id, true);
    expect((await login({ email: 'gone@demo.test', password: 'gone-password-1' })).status).toBe(401);
    const me = await fetch(`${t.url}/v1/agent/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it('disconnects the open sockets of an agent disabled by another process', async () => {
    const merchant = await t.storage.merchants.findByKey('pk_demo');
    const agent = await t.storage.agents.create({
      merchantId: merchant!.id,
      email: 'leaving@demo.test',
      name: 'Leaving',
      role: 'agent',
      passwordHash: await hashPassword('leaving-password-1'),
    });
    const { token } = (await (
      await login({ email: 'leaving@demo.test', password: 'leaving-password-1' })
    ).json()) as {
      token: string;
    };
    const socket = await connectAgent(t.url, token);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    // As `topay-support agent disable` does: straight to the database, no request to this server.
    await t.storage.agents.setDisabled(agent.id, true);
    expect(await disconnected).toBe('io server disconnect');
  });

  it('rejects malformed, oversized and non-JSON bodies with clear errors', async () => {
    const missing = await login({ email: 'agent@demo.test' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringMatching(/password/) },
    });

    const garbage = await login('{"email":');
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { code: 'invalid_request' } });

    const huge = await login({ email: 'agent@demo.test', password: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'too_large' } });
  });

  it('throttles repeated attempts per address and email, with Retry-After', async () => {
    const email = 'throttle@demo.test';
    const statuses: number[] = [];
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await login({ email, password: 'wrong-password' });
      statuses.push(response.status);
      codes.push(((await response.json()) as { error: { code: string } }).error.code);
    }
    // The account lockout (agent-security.test.ts) answers from the fifth failure on; the request
    // throttle still caps attempts from one address at ten.
    expect(statuses.slice(0, 4).every((s) => s === 401)).toBe(true);
    expect(codes.slice(4, 10).every((code) => code === 'account_locked')).toBe(true);
    expect(codes[10]).toBe('rate_limited');
    const limited = await login({ email, password: 'wrong-password' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another email from the same address is not locked out by that.
    expect((await login({ email: 'agent@demo.test', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('takes its cap from RATE_LIMIT_AGENT_SIGN_INS_PER_10_MINUTES', async () => {
    const strict = await startTestServer({ env: { RATE_LIMIT_AGENT_SIGN_INS_PER_10_MINUTES: '3' } });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${strict.url}/v1/agent/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'agent@demo.test', password: 'wrong-password' }),
        });
        codes.push(((await response.json()) as { error: { code: string } }).error.code);
      }
      // Below the lockout's five failures, so only the setting can refuse the fourth.
      expect(codes).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'rate_limited']);
    } finally {
      await strict.close();
    }
  });
});

describe('agent bearer tokens', () => {
  it('refuses missing, garbage and forged tokens', async () => {
    expect((await fetch(`${t.url}/v1/agent/me`)).status).toBe(401);
    const garbage = await fetch(`${t.url}/v1/agent/me`, { headers: { authorization: 'Bearer nope' } });
    expect(garbage.status).toBe(401);
    expect(await garbage.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const { SignJWT } = await import('jose');
    const forged = await new SignJWT({ mid: 'x', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('topay-support')
      .setAudience('agent')
      .setSubject('someone')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-different-secret-of-enough-length!!'));
    expect(
      (await fetch(`${t.url}/v1/agent/me`, { headers: { authorization: `Bearer ${forged}` } })).status,
    ).toBe(401);
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const response = await fetch(`${t.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
