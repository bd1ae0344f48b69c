import type {
  AgentServerToClientEvents,
  HandshakeErrorData,
  SessionReady,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { PROTOCOL_VERSION } from '@topay-support/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});
afterAll(() => t.close());

function connect<Events extends object>(
  namespace: string,
  auth: object,
  origin?: string,
): Socket<Events & { [event: string]: (...args: never[]) => void }> {
  const socket = io(`${t.url}${namespace}`, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: origin ? { origin } : {},
  });
  sockets.push(socket);
  return socket as never;
}

function sessionOf(socket: Socket): Promise<SessionReady> {
  return new Promise((resolve, reject) => {
    socket.once('session:ready', resolve);
    socket.once('connect_error', reject);
  });
}

function refusal(socket: Socket): Promise<{ message: string; data?: HandshakeErrorData }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', (error) => resolve(error as never));
  });
}

describe('visitor handshake', () => {
  it('creates a visitor and hands out a token that resumes it', async () => {
    const first = await sessionOf(
      connect<VisitorServerToClientEvents>('/visitor', { merchantKey: 'pk_demo' }),
    );
    expect(first.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(first.visitorId).toEqual(expect.any(String));
    expect(first.visitorToken).toEqual(expect.any(String));

    const again = await sessionOf(
      connect<VisitorServerToClientEvents>('/visitor', {
        merchantKey: 'pk_demo',
        visitorToken: first.visitorToken,
      }),
    );
    expect(again.visitorId).toBe(first.visitorId);
  });

  it('starts a fresh visitor for a garbage or expired token instead of failing', async () => {
    const session = await sessionOf(
      connect<VisitorServerToClientEvents>('/visitor', { merchantKey: 'pk_demo', visitorToken: 'garbage' }),
    );
    expect(session.visitorId).toEqual(expect.any(String));
  });

  it("refuses origins the merchant doesn't allow", async () => {
    const error = await refusal(connect('/visitor', { merchantKey: 'pk_demo' }, 'https://evil.example'));
    expect(error.data).toEqual({ code: 'origin_not_allowed' });
  });

  it('refuses unknown merchants and malformed auth', async () => {
    expect((await refusal(connect('/visitor', { merchantKey: 'pk_unknown' }))).data).toEqual({
      code: 'unauthorized',
    });
    expect((await refusal(connect('/visitor', { merchantKey: 42 }))).data).toEqual({
      code: 'invalid_request',
    });
    expect((await refusal(connect('/visitor', { merchantKey: 'x'.repeat(10_000) }))).data).toEqual({
      code: 'invalid_request',
    });
  });

  it('does not accept an agent token as a visitor token', async () => {
    const agentToken = await loginDemoAgent(t.url);
    const session = await sessionOf(
      connect<VisitorServerToClientEvents>('/visitor', { merchantKey: 'pk_demo', visitorToken: agentToken }),
    );
    expect(session.agent).toBeUndefined();
  });
});

describe('agent handshake', () => {
  it('accepts a valid agent token and says who is connected', async () => {
    const token = await loginDemoAgent(t.url);
    const session = await sessionOf(connect<AgentServerToClientEvents>('/agent', { token }));
    expect(session.agent).toMatchObject({ email: 'agent@demo.test', role: 'admin' });
  });

  it('refuses missing and invalid tokens', async () => {
    expect((await refusal(connect('/agent', {}))).data).toEqual({ code: 'invalid_request' });
    expect((await refusal(connect('/agent', { token: 'nope' }))).data).toEqual({ code: 'unauthorized' });
  });

  it('refuses a visitor token on the agent namespace', async () => {
    const visitor = await sessionOf(
      connect<VisitorServerToClientEvents>('/visitor', { merchantKey: 'pk_demo' }),
    );
    const error = await refusal(connect('/agent', { token: visitor.visitorToken }));
    expect(error.data).toEqual({ code: 'unauthorized' });
  });
});
