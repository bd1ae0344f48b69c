import type { Server as HttpServer } from 'node:http';
import {
  type AgentClientToServerEvents,
  type AgentServerToClientEvents,
  type HandshakeErrorData,
  LIMITS,
  NAMESPACES,
  PROTOCOL_VERSION,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { type Namespace, Server } from 'socket.io';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { authenticateAgent } from '../features/agents/auth.js';
import { toAgentProfile } from '../features/agents/routes.js';
import { isOriginAllowed } from '../features/merchants/origins.js';
import { ApiError } from '../http/errors.js';

export interface VisitorSocketData {
  merchantId: string;
  visitorId: string;
}

export interface AgentSocketData {
  merchantId: string;
  agentId: string;
}

export type VisitorNamespace = Namespace<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  Record<never, never>,
  VisitorSocketData
>;
export type AgentNamespace = Namespace<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  Record<never, never>,
  AgentSocketData
>;

const visitorAuth = z.object({
  merchantKey: z.string().min(1).max(100),
  visitorToken: z.string().max(2000).optional(),
});
const agentAuth = z.object({ token: z.string().min(1).max(4000) });

class HandshakeError extends Error {
  readonly data: HandshakeErrorData;
  constructor(code: HandshakeErrorData['code'], message: string) {
    super(message);
    this.data = { code };
  }
}

/**
 * Attaches socket.io to the HTTP server. Every socket is authenticated in its namespace's middleware,
 * before any event handler can run; the ids handlers use come from `socket.data`, never from payloads.
 */
export function createRealtime(httpServer: HttpServer, ctx: AppContext): Server {
  const io = new Server(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    maxHttpBufferSize: LIMITS.jsonBodyBytes,
    // Origins are checked per merchant in the visitor middleware; CORS here only lets the polling
    // fallback reach that check.
    cors: { origin: true, credentials: false },
  });

  const visitors: VisitorNamespace = io.of(NAMESPACES.visitor);
  visitors.use(async (socket, next) => {
    try {
      const parsed = visitorAuth.safeParse(socket.handshake.auth);
      if (!parsed.success)
        throw new HandshakeError('invalid_request', 'handshake auth must be { merchantKey, visitorToken? }');
      const merchant = await ctx.storage.merchants.findByKey(parsed.data.merchantKey);
      if (!merchant) throw new HandshakeError('unauthorized', 'unknown merchant key');
      const origin = socket.handshake.headers.origin;
      if (origin !== undefined && !isOriginAllowed(origin, merchant.allowedOrigins)) {
        throw new HandshakeError('origin_not_allowed', `origin ${origin} is not allowed for this merchant`);
      }
      const claims = parsed.data.visitorToken
        ? await ctx.tokens.verify(parsed.data.visitorToken, 'visitor')
        : undefined;
      const known =
        claims && claims.merchantId === merchant.id
          ? await ctx.storage.visitors.touch(claims.visitorId, merchant.id)
          : undefined;
      // A missing, foreign or expired token starts a new visitor rather than failing: the widget must work.
      const visitor = known ?? (await ctx.storage.visitors.create(merchant.id));
      socket.data = { merchantId: merchant.id, visitorId: visitor.id };
      next();
    } catch (error) {
      next(toHandshakeError(error, ctx));
    }
  });
  visitors.on('connection', async (socket) => {
    const { token } = await ctx.tokens.sign({
      kind: 'visitor',
      visitorId: socket.data.visitorId,
      merchantId: socket.data.merchantId,
    });
    socket.emit('session:ready', {
      protocolVersion: PROTOCOL_VERSION,
      visitorId: socket.data.visitorId,
      visitorToken: token,
    });
  });

  const agents: AgentNamespace = io.of(NAMESPACES.agent);
  agents.use(async (socket, next) => {
    try {
      const parsed = agentAuth.safeParse(socket.handshake.auth);
      if (!parsed.success) throw new HandshakeError('invalid_request', 'handshake auth must be { token }');
      const agent = await authenticateAgent(ctx, parsed.data.token);
      socket.data = { merchantId: agent.merchantId, agentId: agent.id };
      next();
    } catch (error) {
      next(toHandshakeError(error, ctx));
    }
  });
  agents.on('connection', async (socket) => {
    const agent = await ctx.storage.agents.findById(socket.data.agentId);
    if (!agent) {
      socket.disconnect(true);
      return;
    }
    await socket.join(`merchant:${agent.merchantId}`);
    socket.emit('session:ready', { protocolVersion: PROTOCOL_VERSION, agent: toAgentProfile(agent) });
  });

  return io;
}

function toHandshakeError(error: unknown, ctx: AppContext): HandshakeError {
  if (error instanceof HandshakeError) return error;
  if (error instanceof ApiError && error.code === 'unauthorized')
    return new HandshakeError('unauthorized', error.message);
  ctx.logger.error({ err: error }, 'socket handshake failed');
  return new HandshakeError('unauthorized', 'handshake failed');
}
