import {
  type AgentsResponse,
  type CannedRepliesResponse,
  type CannedReply,
  CONVERSATION_STATUSES,
  type ConversationListResponse,
  type ConversationResponse,
  LIMITS,
  type LinkedConversationsResponse,
  type MessagesResponse,
  TOPICS,
} from '@topay-support/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { ConflictError } from '../../storage/types.js';
import { isUniqueViolation } from '../../storage/unique.js';
import { authenticateAgent, bearerToken } from '../agents/auth.js';
import { agentActor } from '../agents/sign-in.js';
import type { AuditLog } from '../audit/audit-log.js';
import { type Presence, statusOf } from './presence.js';
import type { ChatService } from './service.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
const listQuery = z.object({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  topic: z.enum(TOPICS).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).optional(),
});
const messagesQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
const postMessage = z.object({
  text: z.string().max(LIMITS.messageLength * 2),
  clientId: z
    .string()
    .min(8)
    .max(LIMITS.clientIdLength)
    .regex(/^[A-Za-z0-9_-]+$/, 'clientId may use letters, digits, - and _'),
  internal: z.boolean().optional(),
});
const transferBody = z.object({ agentId: z.string().min(1).max(100) });
const cannedBody = z.object({
  shortcut: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}_-]+$/u, 'shortcut may use letters, digits, - and _'),
  text: z.string().trim().min(1).max(LIMITS.messageLength),
});
const readBody = z.object({ seq: z.number().int().min(0).optional() }).optional();

/** The agent HTTP API (DESIGN §3.4): everything the console does, for bots and integrations. */
export function registerAgentChatRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  chat: ChatService,
  presence: Presence,
  audit: AuditLog,
): void {
  const agentOf = (request: FastifyRequest) => authenticateAgent(ctx, bearerToken(request));

  app.get('/v1/agent/conversations', async (request): Promise<ConversationListResponse> => {
    const agent = await agentOf(request);
    const query = listQuery.parse(request.query);
    const { items, nextCursor } = await chat.list(agent, {
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.topic ? { topic: query.topic } : {}),
      ...(query.q ? { query: query.q } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { conversations: await Promise.all(items.map((item) => chat.forAgent(item))), nextCursor };
  });

  app.get('/v1/agent/conversations/:id', async (request): Promise<ConversationResponse> => {
    const agent = await agentOf(request);
    const { id } = idParams.parse(request.params);
    const conversation = await chat.getForAgent(agent, id);
    // Opening a conversation is how agents and bots look a payment up: the payment platform's data
    // about a person, so it goes on the audit trail (reference and status only, never card data).
    if (conversation.payment) {
      await audit.record({
        merchantId: agent.merchantId,
        actor: agentActor(agent),
        action: 'payment.viewed',
        target: conversation.payment.reference,
        ip: request.ip,
        details: { conversationId: conversation.id, status: conversation.payment.status },
      });
    }
    return { conversation: await chat.forAgent(conversation) };
  });

  // The same visitor's other conversations (one per payment asked about, and any others): agents
  // see them beside the one open. Previews only, so no payment details and no audit entry here.
  app.get('/v1/agent/conversations/:id/linked', async (request): Promise<LinkedConversationsResponse> => {
    const agent = await agentOf(request);
    const { id } = idParams.parse(request.params);
    return { conversations: await chat.linkedForAgent(agent, id) };
  });

  const actions = {
    claim: chat.claim,
    resolve: chat.resolve,
    reopen: chat.reopen,
    read: (agent: Parameters<typeof chat.claim>[0], id: string) => chat.agentRead(agent, id),
  } as const;
  for (const [name, action] of Object.entries(actions)) {
    app.post(`/v1/agent/conversations/:id/${name}`, async (request): Promise<ConversationResponse> => {
      const agent = await agentOf(request);
      const { id } = idParams.parse(request.params);
      if (name === 'read') {
        const body = readBody.parse(request.body);
        const conversation = await chat.agentRead(agent, id, body?.seq);
        return { conversation: await chat.forAgent(conversation) };
      }
      const conversation = await action(agent, id);
      return { conversation: await chat.forAgent(conversation) };
    });
  }

  app.post('/v1/agent/conversations/:id/transfer', async (request): Promise<ConversationResponse> => {
    const agent = await agentOf(request);
    const { id } = idParams.parse(request.params);
    const { agentId } = transferBody.parse(request.body);
    const conversation = await chat.transfer(agent, id, agentId);
    return { conversation: await chat.forAgent(conversation) };
  });

  app.get('/v1/agent/conversations/:id/messages', async (request): Promise<MessagesResponse> => {
    const agent = await agentOf(request);
    const { id } = idParams.parse(request.params);
    const { after } = messagesQuery.parse(request.query);
    const { messages } = await chat.syncForAgent(agent, id, after);
    return { messages: messages.map(chat.toMessage) };
  });

  app.post('/v1/agent/conversations/:id/messages', async (request, reply) => {
    const agent = await agentOf(request);
    const { id } = idParams.parse(request.params);
    const body = postMessage.parse(request.body);
    const { message, duplicate } = await chat.sendAsAgent(agent, { conversationId: id, ...body });
    reply.status(duplicate ? 200 : 201);
    return { message: chat.toMessage(message) };
  });

  app.get('/v1/agent/agents', async (request): Promise<AgentsResponse> => {
    const agent = await agentOf(request);
    const [list, statuses] = await Promise.all([
      ctx.storage.agents.listByMerchant(agent.merchantId),
      presence.statuses(agent.merchantId),
    ]);
    return {
      agents: list
        .filter((a) => a.disabledAt === null)
        .map((a) => ({ agentId: a.id, name: a.name, status: statusOf(statuses, a.id) })),
    };
  });

  const toCanned = (record: { id: string; shortcut: string; text: string }): CannedReply => ({
    id: record.id,
    shortcut: record.shortcut,
    text: record.text,
  });

  app.get('/v1/agent/canned-replies', async (request): Promise<CannedRepliesResponse> => {
    const agent = await agentOf(request);
    return { cannedReplies: (await ctx.storage.cannedReplies.list(agent.merchantId)).map(toCanned) };
  });

  app.post('/v1/agent/canned-replies', async (request, reply) => {
    const agent = await agentOf(request);
    const body = cannedBody.parse(request.body);
    try {
      const created = await ctx.storage.cannedReplies.create(agent.merchantId, body.shortcut, body.text);
      reply.status(201);
      return { cannedReply: toCanned(created) };
    } catch (error) {
      if (isUniqueViolation(error) || error instanceof ConflictError) {
        throw new ApiError('conflict', `The shortcut /${body.shortcut} exists already`);
      }
      throw error;
    }
  });

  app.delete('/v1/agent/canned-replies/:id', async (request, reply) => {
    const agent = await agentOf(request);
    const { id } = idParams.parse(request.params);
    if (!(await ctx.storage.cannedReplies.delete(agent.merchantId, id)))
      throw new ApiError('not_found', 'No such canned reply');
    return reply.status(204).send();
  });
}
