import type { Server as HttpServer } from 'node:http';
import { LIMITS, NAMESPACES } from '@topay-support/protocol';
import { Server, type ServerOptions } from 'socket.io';
import type { AppContext } from '../context.js';
import type { Presence } from '../features/chat/presence.js';
import type { MessageRecord } from '../storage/messages.js';
import { setupAgentNamespace } from './agent-namespace.js';
import { createInflight } from './handlers.js';
import type { AgentNamespace, RealtimeParts, RealtimeServices, VisitorNamespace } from './namespaces.js';
import { createRelay } from './relay.js';
import { setupVisitorNamespace } from './visitor-namespace.js';

/** How often a node re-checks that its connected agents are still enabled and signed in. */
const DISABLED_AGENT_SWEEP_MS = 15_000;

export interface Realtime {
  io: Server;
  /**
   * Disconnects every socket of an agent on every node at once, after a password change or a
   * disable. The sweep stays as a backstop for changes made where no node hears (the CLI).
   */
  endAgentSessions(agentId: string): void;
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
  { presence, ...services }: RealtimeServices & { presence: Presence },
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
  const parts: RealtimeParts = { ctx, visitors, agents, services };
  const inflight = createInflight();
  const hooks = {
    logger: ctx.logger,
    onInternalError: () => ctx.metrics.errors.inc({ where: 'socket' }),
    track: inflight.track,
  };

  // Subscribed to the services' events from here on: the relay needs no late binding.
  const relay = createRelay(parts);
  const { visitorConnected } = setupVisitorNamespace(parts, hooks, inflight.track);
  const { endAgentSessions, stopSweep } = setupAgentNamespace(parts, hooks, presence, disabledAgentSweepMs);

  return {
    io,
    endAgentSessions,
    visitorConnected,
    messagesUpdated: relay.messagesUpdated,
    async stop() {
      relay.stop();
      stopSweep();
      await inflight.drain();
    },
  };
}
