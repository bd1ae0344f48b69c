import { PROTOCOL_VERSION, type WidgetConfig } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import type { ChatService } from '../chat/service.js';
import { resolveVisitorMerchant } from '../merchants/visitor-access.js';

export function registerWidgetRoutes(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  // Preflight for the visitor API: answered only for origins the merchant allows.
  app.options('/v1/widget/*', async (request, reply) => {
    await resolveVisitorMerchant(ctx, request, reply);
    reply
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', 'content-type, authorization, x-merchant-key')
      .header('access-control-max-age', '600')
      .status(204)
      .send();
  });

  app.get('/v1/widget/config', async (request, reply): Promise<WidgetConfig> => {
    const merchant = await resolveVisitorMerchant(ctx, request, reply);
    // Availability changes by the minute; the socket pushes updates after this first answer.
    reply.header('cache-control', 'no-store');
    return {
      merchant: {
        name: merchant.name,
        defaultLocale: merchant.defaultLocale,
        color: merchant.settings.color,
        position: merchant.settings.position,
        colorScheme: merchant.settings.colorScheme,
        greeting: merchant.settings.greeting,
        preChatForm: merchant.settings.preChatForm ?? false,
      },
      availability: { online: await chat.isAvailable(merchant.id) },
      protocolVersion: PROTOCOL_VERSION,
    };
  });
}
