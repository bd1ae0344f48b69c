import type { HandshakeErrorData } from '@topay-support/protocol';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeUserHash, verifyUserHash } from '../src/features/chat/identity.js';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { clientId, connectAgent, connectVisitor, disconnectAll, next, ok } from './sockets-helpers.js';

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

describe("a visitor token of one identified user with another user's valid hash", () => {
  const identityOf = (userId: string) => ({ userId, userHash: computeUserHash('sk_demo_secret', userId) });
  const texts = (messages: { text: string }[]) => messages.map((message) => message.text);

  /** An agent online, so visitors may start conversations (rather than the offline form). */
  async function agentOnline(): Promise<void> {
    await connectAgent(t.url, await loginDemoAgent(t.url));
  }

  /** A user's own device: identifies, opens a conversation and writes in it. */
  async function userWithConversation(userId: string, text: string) {
    const { socket, session } = await connectVisitor(t.url, { identity: identityOf(userId) });
    const { conversation } = ok(await socket.emitWithAck('conversation:open', {}));
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text,
      }),
    );
    return { socket, session, conversationId: conversation.id };
  }

  async function transcript(conversationId: string, visitorToken: string | undefined) {
    return fetch(`${t.url}/v1/visitor/conversations/${conversationId}/transcript?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${visitorToken}` },
    });
  }

  it("gives a new user B none of A's conversations, and A none of B's", async () => {
    await agentOnline();
    const a = await userWithConversation('shared-device-a', "A's secret");
    // A logs out on a shared device and B logs in: the widget keeps A's token and sends B's identity.
    const { socket: asB, session: sessionB } = await connectVisitor(t.url, {
      visitorToken: a.session.visitorToken,
      identity: identityOf('shared-device-b'),
    });
    expect(sessionB.identityRejected).toBeUndefined();
    expect(sessionB.visitorId).not.toBe(a.session.visitorId);
    expect(ok(await asB.emitWithAck('conversation:current'))).toEqual({ conversation: null, messages: [] });
    expect(
      await asB.emitWithAck('messages:sync', { conversationId: a.conversationId, afterSeq: 0 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    // B's own conversation, started on A's device, is B's and not A's.
    const { conversation: bConversation } = ok(await asB.emitWithAck('conversation:open', {}));
    expect(bConversation.id).not.toBe(a.conversationId);
    ok(
      await asB.emitWithAck('message:send', {
        conversationId: bConversation.id,
        clientId: clientId(),
        text: "B's secret",
      }),
    );

    // A comes back, with B's token now on the device: A sees only A's history.
    const { socket: backAsA, session: againA } = await connectVisitor(t.url, {
      visitorToken: sessionB.visitorToken,
      identity: identityOf('shared-device-a'),
    });
    expect(againA.visitorId).toBe(a.session.visitorId);
    expect(texts(ok(await backAsA.emitWithAck('conversation:current')).messages)).toEqual(["A's secret"]);
    expect(
      await backAsA.emitWithAck('messages:sync', { conversationId: bConversation.id, afterSeq: 0 }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // And B on another device sees only B's.
    const { socket: bElsewhere } = await connectVisitor(t.url, { identity: identityOf('shared-device-b') });
    expect(texts(ok(await bElsewhere.emitWithAck('conversation:current')).messages)).toEqual(["B's secret"]);

    // Over HTTP, each token reads its own user's transcript and not the other's.
    expect((await transcript(a.conversationId, sessionB.visitorToken)).status).toBe(404);
    expect((await transcript(bConversation.id, againA.visitorToken)).status).toBe(404);
    expect((await transcript(bConversation.id, a.session.visitorToken)).status).toBe(404);
    const own = await transcript(bConversation.id, sessionB.visitorToken);
    expect(own.status).toBe(200);
    const ownText = await own.text();
    expect(ownText).toContain("B's secret");
    expect(ownText).not.toContain("A's secret");
  });

  it("gives an existing user B only B's history, relays A's messages to A only, and leaves payments to their owner", async () => {
    await agentOnline();
    // demo-user-1 owns the demo payments; the other user owns none.
    const a = await userWithConversation('demo-user-1', 'A writes from the phone');
    const b = await userWithConversation('existing-user-b', 'B writes from the laptop');
    const { socket: asB, session: sessionB } = await connectVisitor(t.url, {
      visitorToken: a.session.visitorToken,
      identity: identityOf('existing-user-b'),
    });
    expect(sessionB.visitorId).toBe(b.session.visitorId);
    expect(texts(ok(await asB.emitWithAck('conversation:current')).messages)).toEqual([
      'B writes from the laptop',
    ]);

    // A writes on; the device now signed in as B does not receive it, B's own device does not either.
    const seenAsB: string[] = [];
    asB.on('message:new', (event) => seenAsB.push(event.message.text));
    const { socket: aElsewhere } = await connectVisitor(t.url, { identity: identityOf('demo-user-1') });
    const relayedToA = next<{ message: { text: string } }>(
      aElsewhere,
      'message:new',
      (e) => e.message.text === 'A again',
    );
    ok(
      await a.socket.emitWithAck('message:send', {
        conversationId: a.conversationId,
        clientId: clientId(),
        text: 'A again',
      }),
    );
    await relayedToA;
    const relayedToB = next<{ message: { text: string } }>(
      asB,
      'message:new',
      (e) => e.message.text === 'B again',
    );
    ok(
      await b.socket.emitWithAck('message:send', {
        conversationId: b.conversationId,
        clientId: clientId(),
        text: 'B again',
      }),
    );
    await relayedToB;
    expect(seenAsB).toEqual(['B again']);

    // A's history is still whole and still A's alone.
    const { socket: aAgain } = await connectVisitor(t.url, { identity: identityOf('demo-user-1') });
    expect(texts(ok(await aAgain.emitWithAck('conversation:current')).messages)).toEqual([
      'A writes from the phone',
      'A again',
    ]);

    // The payments of A are not listed to the token issued to B, and are to A's.
    const payments = (token: string | undefined) =>
      fetch(`${t.url}/v1/payments?merchantKey=pk_demo`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((response) => response.json() as Promise<{ payments: unknown[] }>);
    expect((await payments(sessionB.visitorToken)).payments).toEqual([]);
    expect((await payments(a.session.visitorToken)).payments.length).toBeGreaterThan(0);
  });
});
