import type { Server as HttpServer } from 'node:http';
import {
  type AgentClientToServerEvents,
  type AgentPresence,
  type AgentServerToClientEvents,
  type HandshakeErrorData,
  LIMITS,
  NAMESPACES,
  PROTOCOL_VERSION,
  type VisitorClientToServerEvents,
  type VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { type Namespace, Server, type ServerOptions } from 'socket.io';
import type { AppContext } from '../context.js';
import { authenticateAgent } from '../features/agents/auth.js';
import { toAgentProfile } from '../features/agents/sign-in.js';
import type { AssistantRelay, AssistantService } from '../features/assistant/service.js';
import { ChatError } from '../features/chat/errors.js';
import { type Presence, statusOf } from '../features/chat/presence.js';
import type { ChatRelay, ChatService, VisitorActor } from '../features/chat/service.js';
import { IdentityRequiredError, resolveVisitor } from '../features/chat/visitors.js';
import { isOriginAllowed } from '../features/merchants/origins.js';
import { ApiError } from '../http/errors.js';
import type { MessageRecord } from '../storage/messages.js';
import { type AckData, createInflight, withAck, withoutAck } from './handlers.js';
import { agentRoom } from './rooms.js';
import {
  agentAuthSchema,
  agentSendSchema,
  feedbackSchema,
  joinSchema,
  noPayload,
  openSchema,
  presenceSchema,
  rateSchema,
  readSchema,
  requestAgentSchema,
  sendSchema,
  syncSchema,
  typingSchema,
  visitorAuthSchema,
} from './schemas.js';

export interface VisitorSocketData {
  merchantId: string;
  visitorId: string;
  ip: string;
  identityRejected: boolean;
  /** A "continue the chat" session (docs/email.md): this conversation only. */
  scope?: string;
}

export interface AgentSocketData {
  merchantId: string;
  agentId: string;
  agentName: string;
  /** The token version the socket was opened with; a newer one in the database ends the socket. */
  tokenVersion: number;
}

type Empty = Record<never, never>;
export type VisitorNamespace = Namespace<
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  Empty,
  VisitorSocketData
>;
export type AgentNamespace = Namespace<
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  Empty,
  AgentSocketData
>;

/** How often a node re-checks that its connected agents are still enabled and signed in. */
const DISABLED_AGENT_SWEEP_MS = 15_000;

const rooms = {
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  merchantVisitors: (merchantId: string) => `merchant-visitors:${merchantId}`,
  merchantAgents: (merchantId: string) => `merchant:${merchantId}`,
  /** Every socket of one agent, on every node (the adapter carries room operations across nodes). */
  agent: agentRoom,
  /** Sockets opened from a "continue the chat" link, which see this one conversation only. */
  continued: (conversationId: string) => `continued:${conversationId}`,
};

/** Everyone on the visitor side of one conversation: the visitor's own sockets and continue-link sessions. */
function visitorRooms(conversation: { id: string; visitorId: string }): string[] {
  return [rooms.visitor(conversation.visitorId), rooms.continued(conversation.id)];
}

/** Typing signals are volatile and throttled: one "still typing" per conversation every 2 s at most. */
const TYPING_INTERVAL_MS = 2000;

class HandshakeError extends Error {
  readonly data: HandshakeErrorData;
  constructor(code: HandshakeErrorData['code'], message: string) {
    super(message);
    this.data = { code };
  }
}

function typingThrottle() {
  const last = new Map<string, number>();
  return (conversationId: string, typing: boolean): boolean => {
    if (!typing) {
      last.delete(conversationId);
      return true;
    }
    const now = Date.now();
    if (now - (last.get(conversationId) ?? 0) < TYPING_INTERVAL_MS) return false;
    last.set(conversationId, now);
    return true;
  };
}

export interface Realtime {
  io: Server;
  /** Relays domain events to the sockets that may see them. */
  relay: ChatRelay;
  bind(chat: ChatService, assistant?: AssistantService): void;
  /**
   * Disconnects every socket of an agent on every node at once, after a password change or a
   * disable. The sweep stays as a backstop for changes made where no node hears (the CLI).
   */
  endAgentSessions(agentId: string): void;
  /** The assistant's drafts (to the visitor) and suggestions (to agents). */
  assistantRelay: AssistantRelay;
  /** Whether anyone is on the visitor side of the conversation, on any node (email continuity). */
  visitorConnected(conversation: { id: string; visitorId: string }): Promise<boolean>;
  /** Sends agents these messages again after a change (their email delivery). */
  messagesUpdated(conversation: { id: string; merchantId: string }, messages: MessageRecord[]): void;
  /** Stops background work and waits for handlers still running; the sockets close with the server. */
  stop(): Promise<void>;
}

/**
 * Attaches socket.io to the HTTP server. Every socket is authenticated in its namespace's middleware
 * before any handler runs; handlers take ids from `socket.data`, never from payloads.
 */
export function createRealtime(
  httpServer: HttpServer,
  ctx: AppContext,
  presence: Presence,
  adapter?: ServerOptions['adapter'],
  disabledAgentSweepMs = DISABLED_AGENT_SWEEP_MS,
): Realtime {
  const io = new Server(httpServer, {
    ...(adapter ? { adapter } : {}),
    path: '/socket.io/',
    serveClient: false,
    maxHttpBufferSize: LIMITS.jsonBodyBytes,
    // Origins are checked per merchant in the visitor middleware; CORS here only lets the polling
    // fallback reach that check.
    cors: { origin: true, credentials: false },
  });
  const visitors: VisitorNamespace = io.of(NAMESPACES.visitor);
  const agents: AgentNamespace = io.of(NAMESPACES.agent);
  let chat: ChatService | undefined;
  let assistant: AssistantService | undefined;
  const log = ctx.logger;
  const inflight = createInflight();
  const hooks = {
    logger: log,
    onInternalError: () => ctx.metrics.errors.inc({ where: 'socket' }),
    track: inflight.track,
  };

  const relay: ChatRelay = {
    messageCreated(conversation, message) {
      if (!chat) return;
      ctx.metrics.messages.inc({ author: message.authorType });
      const wire = chat.toMessage(message);
      agents.to(rooms.merchantAgents(conversation.merchantId)).emit('message:new', {
        conversationId: conversation.id,
        message: wire,
      });
      if (!message.internal) {
        visitors
          .to(visitorRooms(conversation))
          .emit('message:new', { conversationId: conversation.id, message: wire });
      }
    },
    conversationChanged(conversation, lastMessage) {
      if (!chat) return;
      const service = chat;
      service.forAgent(conversation, lastMessage).then(
        (dto) =>
          agents
            .to(rooms.merchantAgents(conversation.merchantId))
            .emit('conversation:updated', { conversation: dto }),
        (error: unknown) => log.error({ err: error }, 'relaying a conversation to agents failed'),
      );
      service.forVisitor(conversation).then(
        (dto) => visitors.to(visitorRooms(conversation)).emit('conversation:updated', { conversation: dto }),
        (error: unknown) => log.error({ err: error }, 'relaying a conversation to its visitor failed'),
      );
    },
  };

  const assistantRelay: AssistantRelay = {
    draft(conversation, draft) {
      // Volatile: a visitor who misses a draft simply waits for the stored reply.
      visitors.volatile.to(visitorRooms(conversation)).emit('assistant:draft', draft);
    },
    suggestion(conversation, suggestion) {
      agents.to(rooms.merchantAgents(conversation.merchantId)).emit('assistant:suggestion', suggestion);
    },
  };

  async function presenceList(merchantId: string): Promise<AgentPresence[]> {
    const [list, statuses] = await Promise.all([
      ctx.storage.agents.listByMerchant(merchantId),
      presence.statuses(merchantId),
    ]);
    return list
      .filter((agent) => agent.disabledAt === null)
      .map((agent) => ({ agentId: agent.id, name: agent.name, status: statusOf(statuses, agent.id) }));
  }

  async function announcePresence(merchantId: string): Promise<void> {
    if (!chat) return;
    agents.to(rooms.merchantAgents(merchantId)).emit('presence', { agents: await presenceList(merchantId) });
    visitors
      .to(rooms.merchantVisitors(merchantId))
      .emit('availability', { online: await chat.isAvailable(merchantId) });
  }

  visitors.use(async (socket, next) => {
    try {
      const parsed = visitorAuthSchema.safeParse(socket.handshake.auth);
      if (!parsed.success) {
        throw new HandshakeError(
          'invalid_request',
          'handshake auth must be { merchantKey, visitorToken?, identity? }',
        );
      }
      const merchant = await ctx.storage.merchants.findByKey(parsed.data.merchantKey);
      if (!merchant) throw new HandshakeError('unauthorized', 'unknown merchant key');
      const origin = socket.handshake.headers.origin;
      if (origin !== undefined && !isOriginAllowed(origin, merchant.allowedOrigins)) {
        throw new HandshakeError('origin_not_allowed', `origin ${origin} is not allowed for this merchant`);
      }
      if (parsed.data.continueToken !== undefined) {
        const conversation = await continuedConversation(parsed.data.continueToken, merchant.id);
        socket.data = {
          merchantId: merchant.id,
          visitorId: conversation.visitorId,
          ip: ctx.clientAddress(socket.request),
          identityRejected: false,
          scope: conversation.id,
        };
        return next();
      }
      const { visitor, identityRejected } = await resolveVisitor(ctx, merchant, parsed.data);
      socket.data = {
        merchantId: merchant.id,
        visitorId: visitor.id,
        ip: ctx.clientAddress(socket.request),
        identityRejected,
      };
      next();
    } catch (error) {
      next(toHandshakeError(error, ctx));
    }
  });

  async function continuedConversation(token: string, merchantId: string) {
    const claims = await ctx.emailTokens.verify(
      'continue',
      token,
      async (id) => (await ctx.storage.conversations.findById(id))?.visitorId,
    );
    const conversation = claims && (await ctx.storage.conversations.findById(claims.conversationId));
    // Expired, forged and another merchant's links are all just "no": the link says nothing more.
    if (!conversation || conversation.merchantId !== merchantId)
      throw new HandshakeError('unauthorized', 'this link has expired or is not valid');
    return conversation;
  }

  visitors.on('connection', async (socket) => {
    const data = socket.data;
    const actor: VisitorActor = {
      visitorId: data.visitorId,
      merchantId: data.merchantId,
      connectionId: socket.id,
      ip: data.ip,
      ...(data.scope ? { scope: data.scope } : {}),
    };
    const service = chat!;
    const shouldRelayTyping = typingThrottle();
    // The visitor's own votes on assistant replies ride along with the history they are sent.
    const visitorMessages = async (records: MessageRecord[]) => {
      const messages = records.map(service.toMessage);
      return assistant ? assistant.withFeedback(messages) : messages;
    };
    // Handlers are registered before any await: a client may emit the moment it is connected.
    // A continue-link session hears its one conversation, never the visitor's others.
    void socket.join([
      data.scope ? rooms.continued(data.scope) : rooms.visitor(data.visitorId),
      rooms.merchantVisitors(data.merchantId),
    ]);
    ctx.metrics.connections.inc({ role: 'visitor' });
    socket.on('disconnect', () => {
      ctx.metrics.connections.dec({ role: 'visitor' });
      // When the visitor left: reply emails wait until they have been gone a while (docs/email.md).
      // Tracked, so a node shutting down writes it before its storage closes.
      inflight.track(
        ctx.storage.visitors
          .touch(data.visitorId, data.merchantId)
          .catch((error: unknown) => log.warn({ err: error }, 'recording when a visitor left failed')),
      );
    });

    socket.on(
      'conversation:current',
      withAck(
        hooks,
        noPayload,
        async (): Promise<AckData<VisitorClientToServerEvents, 'conversation:current'>> => {
          const { conversation, messages } = await service.current(actor);
          return {
            conversation: conversation && (await service.forVisitor(conversation)),
            messages: await visitorMessages(messages),
          };
        },
      ),
    );
    socket.on(
      'conversation:open',
      withAck(
        hooks,
        openSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'conversation:open'>> => {
          const { conversation, messages, created } = await service.open(actor, request);
          return {
            conversation: await service.forVisitor(conversation),
            messages: await visitorMessages(messages),
            created,
          };
        },
      ),
    );
    socket.on(
      'conversations:list',
      withAck(
        hooks,
        noPayload,
        async (): Promise<AckData<VisitorClientToServerEvents, 'conversations:list'>> => ({
          conversations: await service.listForVisitor(actor),
        }),
      ),
    );
    socket.on(
      'conversation:join',
      withAck(
        hooks,
        joinSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'conversation:join'>> => {
          const { conversation, messages } = await service.join(actor, request.conversationId);
          return {
            conversation: await service.forVisitor(conversation),
            messages: await visitorMessages(messages),
          };
        },
      ),
    );
    socket.on(
      'message:send',
      withAck(
        hooks,
        sendSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'message:send'>> => {
          const done = ctx.metrics.ackLatency.startTimer();
          const { message, duplicate } = await service.sendAsVisitor(actor, request);
          done();
          return { message: service.toMessage(message), duplicate };
        },
      ),
    );
    socket.on(
      'messages:sync',
      withAck(
        hooks,
        syncSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'messages:sync'>> => {
          const { messages, hasMore } = await service.syncForVisitor(
            actor,
            request.conversationId,
            request.afterSeq,
          );
          return { messages: await visitorMessages(messages), hasMore };
        },
      ),
    );
    socket.on(
      'conversation:rate',
      withAck(
        hooks,
        rateSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'conversation:rate'>> => {
          const conversation = await service.rate(
            actor,
            request.conversationId,
            request.score,
            request.comment,
          );
          return { conversation: await service.forVisitor(conversation) };
        },
      ),
    );
    socket.on(
      'conversation:requestAgent',
      withAck(
        hooks,
        requestAgentSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'conversation:requestAgent'>> => {
          const conversation = await service.requestAgent(actor, request.conversationId);
          return { conversation: await service.forVisitor(conversation) };
        },
      ),
    );
    socket.on(
      'message:feedback',
      withAck(
        hooks,
        feedbackSchema,
        async (request): Promise<AckData<VisitorClientToServerEvents, 'message:feedback'>> => {
          if (!assistant) throw new ChatError('not_found', 'No such assistant reply in this conversation');
          await assistant.feedback(actor, request);
          return { ok: true };
        },
      ),
    );
    socket.on(
      'conversation:read',
      withoutAck(hooks, readSchema, async (signal) => {
        await service.visitorRead(actor, signal.conversationId, signal.seq);
      }),
    );
    socket.on(
      'typing',
      withoutAck(hooks, typingSchema, async (signal) => {
        if (!shouldRelayTyping(signal.conversationId, signal.typing)) return;
        const conversation = await service.getForVisitor(actor, signal.conversationId);
        agents.volatile.to(rooms.merchantAgents(conversation.merchantId)).emit('typing', signal);
      }),
    );

    if (data.scope) {
      // No visitor token: it would open the visitor's other conversations and payments.
      socket.emit('session:ready', { protocolVersion: PROTOCOL_VERSION, visitorId: data.visitorId });
      return;
    }
    const { token } = await ctx.tokens.sign({
      kind: 'visitor',
      visitorId: data.visitorId,
      merchantId: data.merchantId,
    });
    socket.emit('session:ready', {
      protocolVersion: PROTOCOL_VERSION,
      visitorId: data.visitorId,
      visitorToken: token,
      ...(data.identityRejected ? { identityRejected: true } : {}),
    });
  });

  agents.use(async (socket, next) => {
    try {
      const parsed = agentAuthSchema.safeParse(socket.handshake.auth);
      if (!parsed.success) throw new HandshakeError('invalid_request', 'handshake auth must be { token }');
      const agent = await authenticateAgent(ctx, parsed.data.token);
      socket.data = {
        merchantId: agent.merchantId,
        agentId: agent.id,
        agentName: agent.name,
        tokenVersion: agent.tokenVersion,
      };
      next();
    } catch (error) {
      next(toHandshakeError(error, ctx));
    }
  });

  agents.on('connection', async (socket) => {
    const { merchantId, agentId, agentName, tokenVersion } = socket.data;
    const service = chat!;
    const shouldRelayTyping = typingThrottle();
    // Re-read per event: a disabled agent loses the socket's powers at once.
    const currentAgent = async () => {
      const agent = await ctx.storage.agents.findById(agentId);
      if (!agent || agent.disabledAt !== null || agent.tokenVersion !== tokenVersion) {
        socket.disconnect(true);
        throw new ApiError('unauthorized', 'agent disabled');
      }
      return agent;
    };
    // Handlers are registered before any await: a client may emit the moment it is connected.
    void socket.join([rooms.merchantAgents(merchantId), rooms.agent(agentId)]);
    const connected = presence.connect(merchantId, agentId);
    ctx.metrics.connections.inc({ role: 'agent' });
    socket.on('disconnect', () => ctx.metrics.connections.dec({ role: 'agent' }));
    socket.on('disconnect', () => {
      connected
        .then(() => presence.disconnect(merchantId, agentId))
        .then(() => announcePresence(merchantId))
        .catch((error: unknown) => log.error({ err: error }, 'announcing presence failed'));
    });

    socket.on(
      'presence:set',
      withAck(
        hooks,
        presenceSchema,
        async (request): Promise<AckData<AgentClientToServerEvents, 'presence:set'>> => {
          await presence.setStatus(merchantId, agentId, request.status);
          await announcePresence(merchantId);
          return { presence: await presenceList(merchantId) };
        },
      ),
    );
    socket.on(
      'message:send',
      withAck(
        hooks,
        agentSendSchema,
        async (request): Promise<AckData<AgentClientToServerEvents, 'message:send'>> => {
          const done = ctx.metrics.ackLatency.startTimer();
          const { message, duplicate } = await service.sendAsAgent(await currentAgent(), request);
          done();
          return { message: service.toMessage(message), duplicate };
        },
      ),
    );
    socket.on(
      'messages:sync',
      withAck(
        hooks,
        syncSchema,
        async (request): Promise<AckData<AgentClientToServerEvents, 'messages:sync'>> => {
          const { messages, hasMore } = await service.syncForAgent(
            await currentAgent(),
            request.conversationId,
            request.afterSeq,
          );
          return { messages: messages.map(service.toMessage), hasMore };
        },
      ),
    );
    socket.on(
      'conversation:read',
      withoutAck(hooks, readSchema, async (signal) => {
        await service.agentRead(await currentAgent(), signal.conversationId, signal.seq);
      }),
    );
    socket.on(
      'typing',
      withoutAck(hooks, typingSchema, async (signal) => {
        if (!shouldRelayTyping(signal.conversationId, signal.typing)) return;
        const conversation = await service.getForAgent(await currentAgent(), signal.conversationId);
        visitors.volatile.to(visitorRooms(conversation)).emit('typing', { ...signal, name: agentName });
      }),
    );

    const agent = await ctx.storage.agents.findById(agentId);
    if (!agent) {
      socket.disconnect(true);
      return;
    }
    // Ready means counted: an agent told they are connected is already online for visitors on every node.
    await connected;
    socket.emit('session:ready', { protocolVersion: PROTOCOL_VERSION, agent: toAgentProfile(agent) });
    await announcePresence(merchantId);
  });

  // An agent disabled from the CLI (another process) would keep receiving relayed messages on a
  // socket that sends nothing; this node looks its connected agents up again now and then.
  const sweep = setInterval(() => {
    const byAgent = new Map<string, { disconnect(close: boolean): unknown; data: AgentSocketData }[]>();
    for (const socket of agents.sockets.values()) {
      const list = byAgent.get(socket.data.agentId) ?? [];
      list.push(socket);
      byAgent.set(socket.data.agentId, list);
    }
    for (const [agentId, sockets] of byAgent) {
      ctx.storage.agents.findById(agentId).then(
        (agent) => {
          for (const socket of sockets) {
            if (agent && agent.disabledAt === null && agent.tokenVersion === socket.data.tokenVersion)
              continue;
            socket.disconnect(true);
          }
        },
        (error: unknown) => log.warn({ err: error }, 'checking connected agents failed'),
      );
    }
  }, disabledAgentSweepMs);
  sweep.unref();

  return {
    io,
    relay,
    assistantRelay,
    bind(service, assistantService) {
      chat = service;
      assistant = assistantService;
    },
    endAgentSessions(agentId) {
      agents.in(rooms.agent(agentId)).disconnectSockets(true);
    },
    async visitorConnected(conversation) {
      // Across nodes through the adapter; a node that does not answer in time counts as no sockets.
      const sockets = await visitors.in(visitorRooms(conversation)).fetchSockets();
      return sockets.length > 0;
    },
    messagesUpdated(conversation, messages) {
      if (!chat) return;
      for (const message of messages) {
        agents
          .to(rooms.merchantAgents(conversation.merchantId))
          .emit('message:new', { conversationId: conversation.id, message: chat.toMessage(message) });
      }
    },
    async stop() {
      clearInterval(sweep);
      await inflight.drain();
    },
  };
}

function toHandshakeError(error: unknown, ctx: AppContext): HandshakeError {
  if (error instanceof HandshakeError) return error;
  if (error instanceof IdentityRequiredError) return new HandshakeError('identity_rejected', error.message);
  if (error instanceof ApiError && error.code === 'unauthorized')
    return new HandshakeError('unauthorized', error.message);
  ctx.logger.error({ err: error }, 'socket handshake failed');
  return new HandshakeError('unauthorized', 'handshake failed');
}
