// The bare socket.io relay the load benchmark compares our server with. It does the same fan-out as
// ours and nothing else: per visitor message (`message:send`) an ack carrying the message, then
// `message:new` to the merchant's agents and to the visitor, and, for a server on protocol 1
// (PROTOCOL=1: the builds before issue 16), `conversation:updated` to both; in payloads shaped and sized like ours (packages/protocol/src/chat.ts: Message, Conversation,
// VisitorConversation; the load generator prints the bytes per event of both so they can be
// compared). Websocket transport, every emit through rooms (the adapter), as ours does. No auth,
// no storage, no validation, no de-duplication: the floor a relay of these events costs.
// With REDIS_URL it uses the same Redis streams adapter our server uses, so two of these relay
// between each other. Prints one JSON line with its URL, then serves until SIGTERM/SIGINT.
import { randomUUID } from 'node:crypto';
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
const started = new Date().toISOString();
const assistant = 'off';
const protocol = Number(process.env.PROTOCOL ?? 2);

visitors.on('connection', (socket) => {
  const id = socket.handshake.auth.room;
  const visitorRoom = `v:${id}`;
  const agentRoom = `r:${id}`;
  const conversationId = randomUUID();
  const visitorId = randomUUID();
  let seq = 0;
  socket.join(visitorRoom);
  socket.on('message:send', (payload, ack) => {
    seq++;
    const now = new Date().toISOString();
    const message = {
      id: randomUUID(),
      clientId: payload.clientId,
      seq,
      author: { type: 'visitor', id: visitorId },
      text: payload.text,
      attachments: [],
      sources: [],
      createdAt: now,
    };
    if (typeof ack === 'function') ack({ ok: true, data: { message, duplicate: false } });
    agents.to(agentRoom).emit('message:new', { conversationId, message });
    visitors.to(visitorRoom).emit('message:new', { conversationId, message });
    if (protocol >= 2) return;
    agents.to(agentRoom).emit('conversation:updated', {
      conversation: {
        id: conversationId,
        status: 'open',
        topic: null,
        visitor: { id: visitorId, email: `visitor-${id}@bench.test` },
        lastMessage: message,
        createdAt: started,
        updatedAt: now,
        flagged: false,
        offline: false,
        lastSeq: seq,
        visitorReadSeq: seq,
        agentReadSeq: 0,
        unreadCount: seq,
        waitingSince: started,
        context: {},
        resolvedAt: null,
        assistant,
      },
    });
    visitors.to(visitorRoom).emit('conversation:updated', {
      conversation: {
        id: conversationId,
        status: 'open',
        topic: null,
        lastSeq: seq,
        agentReadSeq: 0,
        visitorReadSeq: seq,
        offline: false,
        createdAt: started,
        assistant,
        emailKnown: true,
      },
    });
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
