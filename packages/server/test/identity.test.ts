import type { HandshakeErrorData } from '@topay-support/protocol';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeUserHash, verifyUserHash } from '../src/features/chat/identity.js';
import { startTestServer, type TestServer } from './helpers.js';
import { connectVisitor, disconnectAll } from './sockets-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const demo = await t.storage.merchants.findByKey('pk_demo');
  await t.storage.merchants.create({
    ...demo!,
    key: 'pk_strict',
    secret: 'sk_strict_secret',
    name: 'Strict Shop',
    settings: { ...demo!.settings, requireIdentity: true },
  });
});
afterEach(() => disconnectAll());
afterAll(() => t.close());

function refusal(auth: Record<string, unknown>): Promise<HandshakeErrorData | undefined> {
  const socket = io(`${t.url}/visitor`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('session:ready', () => {
      socket.disconnect();
      reject(new Error('connected, but should have been refused'));
    });
    socket.once('connect_error', (error: Error & { data?: HandshakeErrorData }) => {
      socket.disconnect();
      resolve(error.data);
    });
  });
}

describe('userHash verification', () => {
  it('accepts exactly the lowercase hex HMAC-SHA256 of the user id with the merchant secret', () => {
    const hash = computeUserHash('sk_demo_secret', 'demo-user-1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyUserHash('sk_demo_secret', 'demo-user-1', hash)).toBe(true);
    expect(verifyUserHash('sk_demo_secret', 'demo-user-1', hash.toUpperCase())).toBe(false);
    expect(verifyUserHash('sk_demo_secret', 'demo-user-2', hash)).toBe(false);
    expect(verifyUserHash('another-secret', 'demo-user-1', hash)).toBe(false);
    expect(verifyUserHash('sk_demo_secret', 'demo-user-1', '')).toBe(false);
    expect(verifyUserHash('sk_demo_secret', 'demo-user-1', 'zz')).toBe(false);
  });
});

describe('merchants that require identified visitors', () => {
  it('refuses anonymous visitors and wrong or missing hashes; accepts valid identities', async () => {
    expect(await refusal({ merchantKey: 'pk_strict' })).toEqual({ code: 'identity_rejected' });
    expect(
      await refusal({ merchantKey: 'pk_strict', identity: { userId: 'u1', userHash: 'f'.repeat(64) } }),
    ).toEqual({
      code: 'identity_rejected',
    });
    expect(await refusal({ merchantKey: 'pk_strict', identity: { userId: 'u1' } })).toEqual({
      code: 'invalid_request',
    });
    const { session } = await connectVisitor(t.url, {
      merchantKey: 'pk_strict',
      identity: { userId: 'u1', userHash: computeUserHash('sk_strict_secret', 'u1') },
    });
    expect(session.visitorId).toEqual(expect.any(String));
    expect(session.identityRejected).toBeUndefined();
  });

  it('leaves other merchants open to anonymous visitors, flagging a wrong hash instead of refusing', async () => {
    const { session } = await connectVisitor(t.url, { identity: { userId: 'u1', userHash: 'f'.repeat(64) } });
    expect(session.identityRejected).toBe(true);
    const { session: anonymous } = await connectVisitor(t.url);
    expect(anonymous.visitorId).toEqual(expect.any(String));
  });
});
