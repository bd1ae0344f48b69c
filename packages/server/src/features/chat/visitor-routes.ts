import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { requireVisitor, resolveVisitorMerchant, visitorPreflight } from '../merchants/visitor-access.js';
import type { ChatService } from './service.js';
import { renderTranscript } from './transcript.js';

const idParams = z.object({ id: z.string().min(1).max(100) });

/** Visitor-facing HTTP endpoints: authenticated by the visitor token, checked against the merchant's origins. */
export function registerVisitorChatRoutes(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  app.options(
    '/v1/visitor/*',
    visitorPreflight(ctx, 'GET, POST, PUT', 'content-type, authorization, x-file-name'),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/visitor/conversations/:id/transcript',
      summary: 'Download a conversation as text (its visitor)',
      tag: 'Visitor chat',
      auth: 'visitor',
      params: idParams,
      responses: {
        200: { description: 'The transcript as plain text, as a download', contentType: 'text/plain' },
      },
      errors: ['unauthorized', 'origin_not_allowed', 'not_found'],
    },
    async (request, reply, input) => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const visitor = await requireVisitor(ctx, request, merchant.id);
      const { id } = input.params();
      const conversation = await chat.getForVisitor({ visitorId: visitor.visitorId }, id);
      const messages = [];
      for (let after = 0; ; ) {
        const page = await ctx.storage.messages.listAfter(conversation.id, after, 500, false);
        messages.push(...page);
        if (page.length < 500) break;
        after = page.at(-1)!.seq;
      }
      reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="conversation-${conversation.createdAt.slice(0, 10)}.txt"`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store');
      return renderTranscript(merchant.name, conversation, messages);
    },
  );
}
