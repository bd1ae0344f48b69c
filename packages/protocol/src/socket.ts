import type { AgentProfile } from './agent.js';

/** socket.io namespaces; visitors and agents never share one, so a visitor socket cannot reach agent events. */
export const NAMESPACES = { visitor: '/visitor', agent: '/agent' } as const;

/** What a visitor socket sends in `handshake.auth`. */
export interface VisitorHandshakeAuth {
  merchantKey: string;
  /** A visitor token from an earlier session; omitted on first contact. */
  visitorToken?: string;
}

/** What an agent socket sends in `handshake.auth`. */
export interface AgentHandshakeAuth {
  token: string;
}

/** Sent once after a handshake succeeds, so a client knows the server speaks its protocol. */
export interface SessionReady {
  protocolVersion: number;
  /** The visitor's token, renewed on every connect; the client stores it per merchant. */
  visitorToken?: string;
  visitorId?: string;
  agent?: AgentProfile;
}

/** Errors the server attaches to a refused handshake (`connect_error` → `err.data`). */
export interface HandshakeErrorData {
  code: 'unauthorized' | 'origin_not_allowed' | 'invalid_request';
}

// Event maps follow socket.io's convention: the ack callback is the last argument.
export interface VisitorServerToClientEvents {
  'session:ready': (session: SessionReady) => void;
}

export type VisitorClientToServerEvents = Record<never, never>;

export interface AgentServerToClientEvents {
  'session:ready': (session: SessionReady) => void;
}

export type AgentClientToServerEvents = Record<never, never>;
