import { PROTOCOL_VERSION, type WidgetConfig } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { resolveVisitorMerchant } from '../merchants/visitor-access.js';

export function registerWidgetRoutes(app: FastifyInstance, ctx: AppContext): void {
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
    reply.header('cache-control', 'private, max-age=60');
    return {
      merchant: {
        name: merchant.name,
        defaultLocale: merchant.defaultLocale,
        color: merchant.settings.color,
        position: merchant.settings.position,
        colorScheme: merchant.settings.colorScheme,
        greeting: merchant.settings.greeting,
      },
      protocolVersion: PROTOCOL_VERSION,
    };
  });
}
