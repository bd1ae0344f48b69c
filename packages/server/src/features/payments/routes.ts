import type { PaymentListResponse, PaymentLookupResponse } from '@topay-support/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
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

  app.post('/v1/payments/lookup', async (request, reply): Promise<PaymentLookupResponse> => {
    const merchant = await resolveVisitorMerchant(ctx, request, reply);
    const body = lookupBody.parse(request.body);
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
  });

  app.get('/v1/payments', async (request, reply): Promise<PaymentListResponse> => {
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
  });
}
