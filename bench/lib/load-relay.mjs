// The bare socket.io relay the load benchmark compares our server with: the same messages, nothing
// else. Websocket transport; each visitor and its agent share a room of two; a visitor's `msg` goes
// to the agent in its room and is acknowledged. No auth, no storage, no de-duplication.
// With REDIS_URL it uses the same Redis streams adapter our server uses, so two of these relay
// between each other. Prints one JSON line with its URL, then serves until SIGTERM/SIGINT.
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve(import.meta.dirname, '../../packages/server/package.json'));
const { Server } = require('socket.io');

const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false, transports: ['websocket'] });

let redis;
if (process.env.REDIS_URL) {
  const { Redis } = require('ioredis');
  const { createAdapter } = require('@socket.io/redis-streams-adapter');
  redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
  io.adapter(createAdapter(redis));
}

const visitors = io.of('/visitor');
const agents = io.of('/agent');

visitors.on('connection', (socket) => {
  const room = `r:${socket.handshake.auth.room}`;
  socket.on('msg', (payload, ack) => {
    agents.to(room).emit('msg', payload);
    if (typeof ack === 'function') ack({ ok: true });
  });
});

agents.on('connection', (socket) => {
  const rooms = socket.handshake.auth.rooms;
  if (Array.isArray(rooms)) socket.join(rooms.map((id) => `r:${id}`));
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = httpServer.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});

const stop = () => {
  io.close();
  redis?.disconnect();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
