import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import type { Namespace } from 'socket.io';
import type { AppContext } from '../context.js';
import type { AssistantService } from '../features/assistant/service.js';
import type { ChatService } from '../features/chat/service.js';

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

/** The services the sockets call, and whose events the relay turns into socket events. */
export interface RealtimeServices {
  chat: ChatService;
  assistant: AssistantService;
}

/** What every part of the realtime layer shares: the app, both namespaces and the services. */
export interface RealtimeParts {
  ctx: AppContext;
  visitors: VisitorNamespace;
  agents: AgentNamespace;
  services: RealtimeServices;
}
