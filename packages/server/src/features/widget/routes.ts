import {
  CONTACT_CHANNEL_KINDS,
  type ContactChannel,
  contactHref,
  PROTOCOL_VERSION,
  safeHttpsUrl,
  type WidgetConfig,
} from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import type { MerchantSettings } from '../../storage/merchants.js';
import { assistantSettings } from '../assistant/settings.js';
import type { ChatService } from '../chat/service.js';
import { resolveVisitorMerchant, visitorPreflight } from '../merchants/visitor-access.js';

export function registerWidgetRoutes(app: FastifyInstance, ctx: AppContext, chat: ChatService): void {
  // Preflight for the visitor API: answered only for origins the merchant allows.
  app.options(
    '/v1/widget/*',
    visitorPreflight(ctx, 'GET, POST', 'content-type, authorization, x-merchant-key'),
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/widget/config',
      summary: "The widget's settings for this merchant",
      tag: 'Widget',
      auth: 'visitor',
      responses: {
        200: {
          description:
            'Merchant name, locale, colours, greeting, pre-chat form, availability, assistant, protocol version',
        },
      },
      errors: ['origin_not_allowed', 'unauthorized'],
    },
    async (request, reply): Promise<WidgetConfig> => {
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
          ...publicExtras(merchant.settings),
        },
        availability: { online: await chat.isAvailable(merchant.id) },
        assistant: assistantEntry(merchant.settings),
        protocolVersion: PROTOCOL_VERSION,
      };
    },
  );
}

function assistantEntry(settings: MerchantSettings): WidgetConfig['assistant'] {
  const { mode, name } = assistantSettings({ settings });
  // `suggest` drafts for agents only: for the visitor that is no assistant at all.
  return { enabled: mode === 'first', name };
}

/**
 * The optional home-view settings, as visitors may see them. Settings are stored as JSON an operator wrote,
 * so this re-checks them: only an `https:` logo, and only contact channels that make a `tel:`, `mailto:` or
 * `https:` link (or a WeChat/LINE ID shown as text). The widget applies the same `contactHref` again.
 */
export function publicExtras(
  settings: Pick<MerchantSettings, 'logoUrl' | 'contactChannels' | 'businessHours'>,
): Pick<WidgetConfig['merchant'], 'logoUrl' | 'contactChannels' | 'businessHours'> {
  const logoUrl = safeHttpsUrl(settings.logoUrl);
  const contactChannels = (Array.isArray(settings.contactChannels) ? settings.contactChannels : [])
    .filter(
      (c): c is ContactChannel =>
        typeof c === 'object' &&
        c !== null &&
        CONTACT_CHANNEL_KINDS.includes(c.kind) &&
        (c.label === undefined || (typeof c.label === 'string' && c.label.length <= 80)) &&
        contactHref(c) !== undefined,
    )
    .slice(0, 8)
    .map(({ kind, label, value }) => ({ kind, value: value.trim(), ...(label ? { label } : {}) }));
  return {
    ...(logoUrl ? { logoUrl } : {}),
    ...(contactChannels.length > 0 ? { contactChannels } : {}),
    ...(settings.businessHours ? { businessHours: settings.businessHours } : {}),
  };
}
