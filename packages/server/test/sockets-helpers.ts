import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  SessionReady,
  VisitorClientToServerEvents,
  VisitorHandshakeAuth,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { io, type Socket } from 'socket.io-client';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

const open: Socket[] = [];

export async function connectVisitor(
  url: string,
  auth: Partial<VisitorHandshakeAuth> = {},
  options: { origin?: string } = {},
): Promise<{ socket: VisitorSocket; session: SessionReady }> {
  const socket: VisitorSocket = io(`${url}/visitor`, {
    auth: { merchantKey: 'pk_demo', ...auth },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: options.origin ? { origin: options.origin } : {},
  });
  open.push(socket);
  const session = await new Promise<SessionReady>((resolve, reject) => {
    socket.once('session:ready', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, session };
}

export async function connectAgent(url: string, token: string): Promise<AgentSocket> {
  const socket: AgentSocket = io(`${url}/agent`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  open.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('session:ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function disconnectAll(): void {
  for (const socket of open.splice(0)) socket.disconnect();
}

/** Unwraps an ack, failing the test with the server's reason when it refused. */
export function ok<T>(result: Ack<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Resolves with the next `event` on `socket` that matches, or rejects after `ms`. */
export function next<T>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const handler = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

let counter = 0;
export const clientId = () => `test-${Date.now().toString(36)}-${(counter++).toString(36)}`;
