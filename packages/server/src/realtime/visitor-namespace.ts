import { PROTOCOL_VERSION } from '@topay-support/protocol';
import type { VisitorActor } from '../features/chat/service.js';
import { resolveVisitor } from '../features/chat/visitors.js';
import { isOriginAllowed } from '../features/merchants/origins.js';
import type { MessageRecord } from '../storage/messages.js';
import { type HandlerHooks, socketHandlers } from './handlers.js';
import { HandshakeError, toHandshakeError } from './handshake.js';
import type { RealtimeParts } from './namespaces.js';
import { rooms, visitorRooms } from './rooms.js';
import {
  feedbackSchema,
  joinSchema,
  noPayload,
  openSchema,
  rateSchema,
  readSchema,
  requestAgentSchema,
  sendSchema,
  syncSchema,
  typingSchema,
  visitorAuthSchema,
} from './schemas.js';
import { typingThrottle } from './typing-throttle.js';

/**
 * The visitor namespace: the handshake (merchant key, origin, visitor token or identity, or a continue
 * link) and the visitor's handlers. Handlers take ids from `socket.data`, never from payloads.
 */
export function setupVisitorNamespace(
  { ctx, visitors, agents, services }: RealtimeParts,
  hooks: HandlerHooks,
  track: (work: Promise<unknown>) => void,
) {
  const log = ctx.logger;

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
    const service = services.chat;
    const shouldRelayTyping = typingThrottle();
    const on = socketHandlers(socket, hooks);
    // The visitor's own votes on assistant replies ride along with the history they are sent.
    const visitorMessages = async (records: MessageRecord[]) => {
      return services.assistant.withFeedback(records.map(service.toMessage));
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
      track(
        ctx.storage.visitors
          .touch(data.visitorId, data.merchantId)
          .catch((error: unknown) => log.warn({ err: error }, 'recording when a visitor left failed')),
      );
    });

    on.ack('conversation:current', noPayload, async () => {
      const { conversation, messages } = await service.current(actor);
      return {
        conversation: conversation && (await service.forVisitor(conversation)),
        messages: await visitorMessages(messages),
      };
    });
    on.ack('conversation:open', openSchema, async (request) => {
      const { conversation, messages, created } = await service.open(actor, request);
      return {
        conversation: await service.forVisitor(conversation),
        messages: await visitorMessages(messages),
        created,
      };
    });
    on.ack('conversations:list', noPayload, async () => ({
      conversations: await service.listForVisitor(actor),
    }));
    on.ack('conversation:join', joinSchema, async (request) => {
      const { conversation, messages } = await service.join(actor, request.conversationId);
      return {
        conversation: await service.forVisitor(conversation),
        messages: await visitorMessages(messages),
      };
    });
    on.ack('message:send', sendSchema, async (request) => {
      const done = ctx.metrics.ackLatency.startTimer();
      const { message, duplicate } = await service.sendAsVisitor(actor, request);
      done();
      return { message: service.toMessage(message), duplicate };
    });
    on.ack('messages:sync', syncSchema, async (request) => {
      const { messages, hasMore } = await service.syncForVisitor(
        actor,
        request.conversationId,
        request.afterSeq,
      );
      return { messages: await visitorMessages(messages), hasMore };
    });
    on.ack('conversation:rate', rateSchema, async (request) => {
      const conversation = await service.rate(actor, request.conversationId, request.score, request.comment);
      return { conversation: await service.forVisitor(conversation) };
    });
    on.ack('conversation:requestAgent', requestAgentSchema, async (request) => {
      const conversation = await service.requestAgent(actor, request.conversationId);
      return { conversation: await service.forVisitor(conversation) };
    });
    on.ack('message:feedback', feedbackSchema, async (request) => {
      await services.assistant.feedback(actor, request);
      return { ok: true };
    });
    on.signal('conversation:read', readSchema, async (signal) => {
      await service.visitorRead(actor, signal.conversationId, signal.seq);
    });
    on.signal('typing', typingSchema, async (signal) => {
      if (!shouldRelayTyping(signal.conversationId, signal.typing)) return;
      const conversation = await service.getForVisitor(actor, signal.conversationId);
      agents.volatile.to(rooms.merchantAgents(conversation.merchantId)).emit('typing', signal);
    });

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

  return {
    /** Whether anyone is on the visitor side of the conversation, on any node (email continuity). */
    async visitorConnected(conversation: { id: string; visitorId: string }): Promise<boolean> {
      // Across nodes through the adapter; a node that does not answer in time counts as no sockets.
      const sockets = await visitors.in(visitorRooms(conversation)).fetchSockets();
      return sockets.length > 0;
    },
  };
}
