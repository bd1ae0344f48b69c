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
import { apiRoute } from '../../http/api-route.js';
import {
  conversationListResponse,
  conversationResponse,
  messageResponse,
  messagesResponse,
} from '../../http/api-schemas.js';
import { ApiError } from '../../http/errors.js';
import { ConflictError, isUniqueViolation } from '../../storage/unique.js';
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

/** The agent HTTP API (docs/agent-api.md): everything the console does, for bots and integrations. */
export function registerAgentChatRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  chat: ChatService,
  presence: Presence,
  audit: AuditLog,
): void {
  const agentOf = (request: FastifyRequest) => authenticateAgent(ctx, bearerToken(request));

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/conversations',
      summary: 'List conversations',
      description: 'Newest activity first; no `status` lists all. Follow `nextCursor` for the next page.',
      tag: 'Conversations',
      auth: 'agent',
      query: listQuery,
      responses: {
        200: {
          description: '`{ conversations: Conversation[], nextCursor }`',
          schema: conversationListResponse,
        },
      },
      errors: ['unauthorized'],
    },
    async (request, _reply, input): Promise<ConversationListResponse> => {
      const agent = await agentOf(request);
      const query = input.query();
      const { items, nextCursor } = await chat.list(agent, {
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.topic ? { topic: query.topic } : {}),
        ...(query.q ? { query: query.q } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { conversations: await Promise.all(items.map((item) => chat.forAgent(item))), nextCursor };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/conversations/:id',
      summary: 'One conversation',
      description: 'Opening a conversation that carries a payment records `payment.viewed` in the audit log.',
      tag: 'Conversations',
      auth: 'agent',
      params: idParams,
      responses: { 200: { description: '`{ conversation }`', schema: conversationResponse } },
      errors: ['unauthorized', 'not_found'],
    },
    async (request, _reply, input): Promise<ConversationResponse> => {
      const agent = await agentOf(request);
      const { id } = input.params();
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
    },
  );

  // The same visitor's other conversations (one per payment asked about, and any others): agents
  // see them beside the one open. Previews only, so no payment details and no audit entry here.
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/conversations/:id/linked',
      summary: "The same visitor's other conversations",
      description:
        'Newest first, at most 20: id, topic, payment reference and status, status, last message preview.',
      tag: 'Conversations',
      auth: 'agent',
      params: idParams,
      responses: { 200: { description: '`{ conversations: LinkedConversation[] }`' } },
      errors: ['unauthorized', 'not_found'],
    },
    async (request, _reply, input): Promise<LinkedConversationsResponse> => {
      const agent = await agentOf(request);
      const { id } = input.params();
      return { conversations: await chat.linkedForAgent(agent, id) };
    },
  );

  const actions = {
    claim: chat.claim,
    resolve: chat.resolve,
    reopen: chat.reopen,
    read: (agent: Parameters<typeof chat.claim>[0], id: string) => chat.agentRead(agent, id),
  } as const;
  const actionSummaries: Record<keyof typeof actions, string> = {
    claim: 'Claim a conversation (assigns it to you; stops the assistant)',
    resolve: 'Resolve a conversation',
    reopen: 'Reopen a resolved conversation',
    read: 'Mark the conversation read (up to `seq`, default the last message)',
  };
  for (const [name, action] of Object.entries(actions)) {
    apiRoute(
      app,
      {
        method: 'POST',
        url: `/v1/agent/conversations/:id/${name}`,
        summary: actionSummaries[name as keyof typeof actions],
        description: 'Idempotent: repeating it answers with the conversation as it is.',
        tag: 'Conversations',
        auth: 'agent',
        params: idParams,
        ...(name === 'read' ? { body: readBody } : {}),
        responses: { 200: { description: '`{ conversation }`, updated', schema: conversationResponse } },
        errors: ['unauthorized', 'forbidden', 'not_found', 'conversation_resolved'],
      },
      async (request, _reply, input): Promise<ConversationResponse> => {
        const agent = await agentOf(request);
        const { id } = input.params();
        if (name === 'read') {
          const body = readBody.parse(request.body);
          const conversation = await chat.agentRead(agent, id, body?.seq);
          return { conversation: await chat.forAgent(conversation) };
        }
        const conversation = await action(agent, id);
        return { conversation: await chat.forAgent(conversation) };
      },
    );
  }

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/conversations/:id/transfer',
      summary: 'Transfer a conversation to another agent',
      tag: 'Conversations',
      auth: 'agent',
      params: idParams,
      body: transferBody,
      responses: {
        200: { description: '`{ conversation }`, assigned to that agent', schema: conversationResponse },
      },
      errors: ['unauthorized', 'forbidden', 'not_found', 'conversation_resolved'],
    },
    async (request, _reply, input): Promise<ConversationResponse> => {
      const agent = await agentOf(request);
      const { id } = input.params();
      const { agentId } = input.body();
      const conversation = await chat.transfer(agent, id, agentId);
      return { conversation: await chat.forAgent(conversation) };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/conversations/:id/messages',
      summary: 'Messages after a sequence number',
      description: '`seq` is gapless from 1 per conversation; pass the highest you hold as `after`.',
      tag: 'Messages',
      auth: 'agent',
      params: idParams,
      query: messagesQuery,
      responses: {
        200: { description: '`{ messages: Message[] }` in `seq` order', schema: messagesResponse },
      },
      errors: ['unauthorized', 'not_found'],
    },
    async (request, _reply, input): Promise<MessagesResponse> => {
      const agent = await agentOf(request);
      const { id } = input.params();
      const { after } = input.query();
      const { messages } = await chat.syncForAgent(agent, id, after);
      return { messages: messages.map(chat.toMessage) };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/conversations/:id/messages',
      summary: 'Send a message',
      description:
        'The same `clientId` with the same text answers 200 with the stored message (a safe retry); ' +
        'with a different text, 409 `client_id_conflict`. `internal: true` writes a note agents alone see.',
      tag: 'Messages',
      auth: 'agent',
      params: idParams,
      body: postMessage,
      responses: {
        201: { description: '`{ message }`, stored and relayed', schema: messageResponse },
        200: { description: '`{ message }`: this `clientId` was stored before', schema: messageResponse },
      },
      errors: [
        'unauthorized',
        'forbidden',
        'not_found',
        'client_id_conflict',
        'conversation_resolved',
        'too_large',
        'rate_limited',
      ],
    },
    async (request, reply, input) => {
      const agent = await agentOf(request);
      const { id } = input.params();
      const body = input.body();
      const { message, duplicate } = await chat.sendAsAgent(agent, { conversationId: id, ...body });
      reply.status(duplicate ? 200 : 201);
      return { message: chat.toMessage(message) };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/agents',
      summary: "Your merchant's agents and whether they are online",
      tag: 'Agents',
      auth: 'agent',
      responses: { 200: { description: '`{ agents: [{ agentId, name, status }] }`' } },
      errors: ['unauthorized'],
    },
    async (request): Promise<AgentsResponse> => {
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
    },
  );

  const toCanned = (record: { id: string; shortcut: string; text: string }): CannedReply => ({
    id: record.id,
    shortcut: record.shortcut,
    text: record.text,
  });

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/canned-replies',
      summary: 'Canned replies',
      tag: 'Canned replies',
      auth: 'agent',
      responses: { 200: { description: '`{ cannedReplies: [{ id, shortcut, text }] }`' } },
      errors: ['unauthorized'],
    },
    async (request): Promise<CannedRepliesResponse> => {
      const agent = await agentOf(request);
      return { cannedReplies: (await ctx.storage.cannedReplies.list(agent.merchantId)).map(toCanned) };
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/canned-replies',
      summary: 'Add a canned reply',
      tag: 'Canned replies',
      auth: 'agent',
      body: cannedBody,
      responses: { 201: { description: '`{ cannedReply: { id, shortcut, text } }`' } },
      errors: ['unauthorized', 'conflict'],
    },
    async (request, reply, input) => {
      const agent = await agentOf(request);
      const body = input.body();
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
    },
  );

  apiRoute(
    app,
    {
      method: 'DELETE',
      url: '/v1/agent/canned-replies/:id',
      summary: 'Delete a canned reply',
      tag: 'Canned replies',
      auth: 'agent',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
      errors: ['unauthorized', 'not_found'],
    },
    async (request, reply, input) => {
      const agent = await agentOf(request);
      const { id } = input.params();
      if (!(await ctx.storage.cannedReplies.delete(agent.merchantId, id)))
        throw new ApiError('not_found', 'No such canned reply');
      return reply.status(204).send();
    },
  );
}
