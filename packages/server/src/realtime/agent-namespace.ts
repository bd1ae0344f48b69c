import { type AgentPresence, PROTOCOL_VERSION } from '@topay-support/protocol';
import { authenticateAgent } from '../features/agents/auth.js';
import { toAgentProfile } from '../features/agents/sign-in.js';
import { type Presence, statusOf } from '../features/chat/presence.js';
import { ApiError } from '../http/errors.js';
import { type HandlerHooks, socketHandlers } from './handlers.js';
import { HandshakeError, toHandshakeError } from './handshake.js';
import type { AgentSocketData, RealtimeParts } from './namespaces.js';
import { rooms, visitorRooms } from './rooms.js';
import {
  agentAuthSchema,
  agentSendSchema,
  presenceSchema,
  readSchema,
  syncSchema,
  typingSchema,
} from './schemas.js';
import { typingThrottle } from './typing-throttle.js';

/**
 * The agent namespace: the handshake (an agent token), the agent's handlers, presence announced to
 * agents and visitors, and the sweep that ends the sockets of agents disabled elsewhere.
 */
export function setupAgentNamespace(
  { ctx, visitors, agents, services }: RealtimeParts,
  hooks: HandlerHooks,
  presence: Presence,
  disabledAgentSweepMs: number,
) {
  const log = ctx.logger;

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
    const { chat } = services;
    agents.to(rooms.merchantAgents(merchantId)).emit('presence', { agents: await presenceList(merchantId) });
    visitors
      .to(rooms.merchantVisitors(merchantId))
      .emit('availability', { online: await chat.isAvailable(merchantId) });
  }

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
    const service = services.chat;
    const shouldRelayTyping = typingThrottle();
    const on = socketHandlers(socket, hooks);
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

    on.ack('presence:set', presenceSchema, async (request) => {
      await presence.setStatus(merchantId, agentId, request.status);
      await announcePresence(merchantId);
      return { presence: await presenceList(merchantId) };
    });
    on.ack('message:send', agentSendSchema, async (request) => {
      const done = ctx.metrics.ackLatency.startTimer();
      const { message, duplicate } = await service.sendAsAgent(await currentAgent(), request);
      done();
      return { message: service.toMessage(message), duplicate };
    });
    on.ack('messages:sync', syncSchema, async (request) => {
      const { messages, hasMore } = await service.syncForAgent(
        await currentAgent(),
        request.conversationId,
        request.afterSeq,
      );
      return { messages: messages.map(service.toMessage), hasMore };
    });
    on.signal('conversation:read', readSchema, async (signal) => {
      await service.agentRead(await currentAgent(), signal.conversationId, signal.seq);
    });
    on.signal('typing', typingSchema, async (signal) => {
      if (!shouldRelayTyping(signal.conversationId, signal.typing)) return;
      const conversation = await service.getForAgent(await currentAgent(), signal.conversationId);
      visitors.volatile.to(visitorRooms(conversation)).emit('typing', { ...signal, name: agentName });
    });

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
    /**
     * Disconnects every socket of an agent on every node at once, after a password change or a
     * disable. The sweep stays as a backstop for changes made where no node hears (the CLI).
     */
    endAgentSessions(agentId: string): void {
      agents.in(rooms.agent(agentId)).disconnectSockets(true);
    },
    stopSweep(): void {
      clearInterval(sweep);
    },
  };
}
