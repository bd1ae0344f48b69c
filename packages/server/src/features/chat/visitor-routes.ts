import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { bearerToken } from '../agents/auth.js';
import { resolveVisitorMerchant } from '../merchants/visitor-access.js';
import type { ChatService } from './service.js';
import { renderTranscript } from './transcript.js';

const idParams = z.object({ id: z.string().min(1).max(100) });

/** Visitor-facing HTTP endpoints: authenticated by the visitor token, checked against the merchant's origins. */
export function registerVisitorChatRoutes(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  app.options('/v1/visitor/*', async (request, reply) => {
    await resolveVisitorMerchant(ctx, request, reply);
    reply
      .header('access-control-allow-methods', 'GET, POST, PUT')
      .header('access-control-allow-headers', 'content-type, authorization, x-file-name')
      .header('access-control-max-age', '600')
      .status(204)
      .send();
  });

  async function visitorOf(request: FastifyRequest, merchantId: string) {
    const token = bearerToken(request);
    const claims = token ? await ctx.tokens.verify(token, 'visitor') : undefined;
    if (!claims || claims.merchantId !== merchantId)
      throw new ApiError('unauthorized', 'A valid visitor token is required');
    return claims;
  }

  app.get('/v1/visitor/conversations/:id/transcript', async (request, reply) => {
    const merchant = await resolveVisitorMerchant(ctx, request, reply);
    const visitor = await visitorOf(request, merchant.id);
    const { id } = idParams.parse(request.params);
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
  });
}
