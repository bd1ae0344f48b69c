import type { PaymentListResponse, PaymentLookupResponse } from '@topay-support/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { paymentListResponse, paymentLookupResponse } from '../../http/api-schemas.js';
import { addressKey } from '../../http/client-address.js';
import { ApiError } from '../../http/errors.js';
import { resolveVisitorMerchant, visitorClaims, visitorPreflight } from '../merchants/visitor-access.js';
import { ProviderUnavailableError } from './provider.js';
import { PaymentNotFoundError, PaymentRateLimitedError, type PaymentService } from './service.js';

const lookupBody = z.object({
  reference: z.string().trim().min(1, 'reference is required').max(100),
  email: z.string().trim().min(3, 'email is required').max(254),
});

/** Turns payment failures into the API's error shape; the wording never says which part was wrong. */
export function toPaymentApiError(error: unknown, reply: FastifyReply): unknown {
  if (error instanceof PaymentNotFoundError) return new ApiError('payment_not_found', error.message);
  if (error instanceof PaymentRateLimitedError) {
    reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
    return new ApiError('rate_limited', error.message);
  }
  if (error instanceof ProviderUnavailableError) {
    return new ApiError(
      'provider_unavailable',
      'Payment status is unavailable right now; try again in a minute',
    );
  }
  return error;
}

export function registerPaymentRoutes(app: FastifyInstance, ctx: AppContext, payments: PaymentService): void {
  const preflight = visitorPreflight(ctx, 'GET, POST', 'content-type, authorization');
  app.options('/v1/payments', preflight);
  app.options('/v1/payments/*', preflight);

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/payments/lookup',
      summary: 'Look a payment up with proof of ownership',
      tag: 'Payments',
      auth: 'visitor',
      description:
        'Proof is the reference together with the email used to pay. An unknown reference and a wrong email answer alike (404 `payment_not_found`), after the same minimum delay; failures are rate limited per visitor and address.',
      body: lookupBody,
      responses: {
        200: {
          description: '`{ payment }`: never more of a card than brand and last four',
          schema: paymentLookupResponse,
        },
      },
      errors: [
        'origin_not_allowed',
        'unauthorized',
        'payment_not_found',
        'rate_limited',
        'provider_unavailable',
      ],
    },
    async (request, reply, input): Promise<PaymentLookupResponse> => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const body = input.body();
      const claims = await visitorClaims(ctx, request, merchant.id);
      const visitor = claims && (await ctx.storage.visitors.findById(claims.visitorId));
      const ip = ctx.clientAddress(request.raw);
      try {
        const payment = await payments.lookup(merchant, body, {
          visitorKey: visitor?.id ?? `ip:${addressKey(ip)}`,
          ip,
          userId: visitor?.userId,
        });
        return { payment };
      } catch (error) {
        throw toPaymentApiError(error, reply);
      }
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/payments',
      summary: "An identified visitor's own recent payments",
      tag: 'Payments',
      auth: 'visitor',
      description: 'Needs a visitor token of a visitor identified with a valid `userHash`.',
      responses: { 200: { description: '`{ payments }`, newest first', schema: paymentListResponse } },
      errors: ['origin_not_allowed', 'unauthorized', 'provider_unavailable'],
    },
    async (request, reply): Promise<PaymentListResponse> => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const claims = await visitorClaims(ctx, request, merchant.id);
      const visitor = claims && (await ctx.storage.visitors.findById(claims.visitorId));
      if (!visitor?.userId) {
        throw new ApiError(
          'unauthorized',
          'Only an identified visitor (identify with a valid userHash) can list payments',
        );
      }
      try {
        return { payments: await payments.listForUser(merchant, visitor.userId) };
      } catch (error) {
        throw toPaymentApiError(error, reply);
      }
    },
  );
}
