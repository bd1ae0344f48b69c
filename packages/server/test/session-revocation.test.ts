import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/passwords.js';
import { call, createAgent, createMerchant, login } from './agent-accounts.js';
import { startTestServer, type TestServer } from './helpers.js';
import { type AgentSocket, connectAgent, disconnectAll } from './sockets-helpers.js';

/** Resolves with the disconnect reason, or rejects when the socket is still open after `ms`. */
function disconnected(socket: AgentSocket, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected) {
      resolve('already');
      return;
    }
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

const me = (url: string, token: string) => call(url, 'GET', '/v1/agent/me', { token });

describe('sessions end at once on password change, disable and role change', () => {
  let t: TestServer;
  beforeAll(async () => {
    // The backstop sweep is pushed out of reach: what ends the sockets here is the change itself.
    t = await startTestServer({ disabledAgentSweepMs: 10 * 60_000 });
  });
  afterAll(async () => {
    disconnectAll();
    await t.close();
  });

  it('a password change ends every other token and socket, and keeps this browser signed in', async () => {
    const merchant = await createMerchant(t.storage);
    const { email, password } = await createAgent(t.storage, merchant);
    const laptop = (await login(t.url, { email, password })).body.token;
    const phone = (await login(t.url, { email, password })).body.token;
    const laptopSocket = await connectAgent(t.url, laptop);
    const phoneSocket = await connectAgent(t.url, phone);

    const wrong = await call(t.url, 'POST', '/v1/agent/password', {
      token: phone,
      body: { currentPassword: 'not-the-password', newPassword: 'a-new-password-1' },
    });
    expect(wrong.status).toBe(401);
    const tooShort = await call(t.url, 'POST', '/v1/agent/password', {
      token: phone,
      body: { currentPassword: password, newPassword: 'short' },
    });
    expect(tooShort.status).toBe(400);
    expect((await me(t.url, laptop)).status).toBe(200);

    const changed = await call<{ token: string }>(t.url, 'POST', '/v1/agent/password', {
      token: phone,
      body: { currentPassword: password, newPassword: 'a-new-password-1' },
    });
    expect(changed.status).toBe(200);
    expect(Object.keys(changed.body).sort()).toEqual(['agent', 'expiresAt', 'token']);
    await Promise.all([disconnected(laptopSocket, 2000), disconnected(phoneSocket, 2000)]);
    expect((await me(t.url, laptop)).status).toBe(401);
    expect((await me(t.url, phone)).status).toBe(401);
    await expect(connectAgent(t.url, laptop)).rejects.toThrow();
    expect((await me(t.url, changed.body.token)).status).toBe(200);
    await connectAgent(t.url, changed.body.token);
    expect((await login(t.url, { email, password })).status).toBe(401);
    expect((await login(t.url, { email, password: 'a-new-password-1' })).status).toBe(200);
  });

  it('an admin disabling an agent ends their tokens and sockets at once; enabling does not revive them', async () => {
    const merchant = await createMerchant(t.storage);
    const admin = await createAgent(t.storage, merchant, 'admin');
    const { agent, email, password } = await createAgent(t.storage, merchant);
    const adminToken = (await login(t.url, { email: admin.email, password: admin.password })).body.token;
    const token = (await login(t.url, { email, password })).body.token;
    const socket = await connectAgent(t.url, token);

    // Only admins, and only for their own team.
    const other = await createAgent(t.storage, await createMerchant(t.storage), 'admin');
    const otherToken = (await login(t.url, { email: other.email, password: other.password })).body.token;
    expect(
      (await call(t.url, 'POST', `/v1/agent/agents/${agent.id}/disable`, { token: otherToken })).status,
    ).toBe(404);
    expect((await call(t.url, 'POST', `/v1/agent/agents/${agent.id}/disable`, { token })).status).toBe(403);
    expect((await me(t.url, token)).status).toBe(200);

    const disabled = await call(t.url, 'POST', `/v1/agent/agents/${agent.id}/disable`, { token: adminToken });
    expect(disabled.status).toBe(200);
    await disconnected(socket, 2000);
    expect((await me(t.url, token)).status).toBe(401);
    expect((await login(t.url, { email, password })).status).toBe(401);

    expect(
      (await call(t.url, 'POST', `/v1/agent/agents/${agent.id}/enable`, { token: adminToken })).status,
    ).toBe(200);
    expect((await me(t.url, token)).status).toBe(401);
    expect((await login(t.url, { email, password })).status).toBe(200);
  });

  it('a role change ends the sessions that carry the old role', async () => {
    const merchant = await createMerchant(t.storage);
    const admin = await createAgent(t.storage, merchant, 'admin');
    const { agent, email, password } = await createAgent(t.storage, merchant);
    const adminToken = (await login(t.url, { email: admin.email, password: admin.password })).body.token;
    const token = (await login(t.url, { email, password })).body.token;
    const socket = await connectAgent(t.url, token);
    const promoted = await call(t.url, 'PUT', `/v1/agent/agents/${agent.id}/role`, {
      token: adminToken,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    await disconnected(socket, 2000);
    expect((await me(t.url, token)).status).toBe(401);
    const fresh = await login(t.url, { email, password });
    expect(fresh.body.agent.role).toBe('admin');
    // Admins cannot demote or disable themselves (nobody would be left to undo it).
    expect(
      (
        await call(t.url, 'PUT', `/v1/agent/agents/${admin.agent.id}/role`, {
          token: adminToken,
          body: { role: 'agent' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('changes made outside the server (the CLI)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ disabledAgentSweepMs: 100 });
  });
  afterAll(async () => {
    disconnectAll();
    await t.close();
  });

  it('end tokens at the next request and sockets at the next sweep', async () => {
    const merchant = await createMerchant(t.storage);
    const { agent, email, password } = await createAgent(t.storage, merchant);
    const token = (await login(t.url, { email, password })).body.token;
    const socket = await connectAgent(t.url, token);
    // What `topay-support agent reset-password` does, from another process.
    await t.storage.agents.setPasswordHash(agent.id, await hashPassword('reset-by-operator-1'));
    expect((await me(t.url, token)).status).toBe(401);
    await disconnected(socket, 3000);
  });
});
