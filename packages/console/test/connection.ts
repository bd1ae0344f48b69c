import type { TestServer } from './server.js';

// The server's socket type, through the server (the console has no `socket.io` of its own to name it).
type Namespace = ReturnType<TestServer['server']['io']['of']>;
type Socket = Namespace['sockets'] extends Map<string, infer S> ? S : never;

// What a flaky network does to the console's `/agent` socket, done to the real server's end of it:
// the server still runs every handler and stores what it stores; only packets and connections are lost.

/** The server's end of every `/agent` socket `agentId` has open. */
export function agentSockets(server: TestServer, agentId: string): Socket[] {
  return [...server.server.io.of('/agent').sockets.values()].filter(
    (socket) => (socket.data as { agentId?: string }).agentId === agentId,
  );
}

/**
 * Cuts the connection under the socket, as a network drop does: the client sees a transport close
 * and reconnects by itself (a server-side `disconnect()` would tell it not to).
 */
export function dropConnection(server: TestServer, agentId: string): void {
  for (const socket of agentSockets(server, agentId)) socket.conn.close();
}

/**
 * Makes the next `event` from `agentId` lose everything on its way back: the server handles it (and
 * stores the message), but its ack and the relay's echo never reach the agent, whose connection then
 * drops. Returns the payload the server got, once it has.
 */
export function loseNextAnswer(
  server: TestServer,
  agentId: string,
  event: 'message:send',
): { received: unknown[] } {
  const received: unknown[] = [];
  for (const socket of agentSockets(server, agentId)) {
    const handlers = socket.listeners(event) as Array<(payload: unknown, ack: unknown) => void>;
    socket.removeAllListeners(event);
    socket.on(event, (payload: unknown) => {
      received.push(payload);
      for (const room of [...socket.rooms]) void socket.leave(room);
      // The server's own handler runs with an ack that goes nowhere.
      for (const handler of handlers) handler(payload, () => undefined);
      socket.conn.close();
    });
  }
  return { received };
}

/**
 * Holds every new `/agent` handshake until the returned function is called, so a dropped console
 * stays offline for as long as a test needs. (Middleware cannot be removed; released, it lets all through.)
 */
export function holdAgentHandshakes(server: TestServer): () => void {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.server.io.of('/agent').use((_socket, next) => {
    void gate.then(() => next());
  });
  return release;
}
