import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VisitorClaims } from '../../auth/tokens.js';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { MerchantRecord } from '../../storage/merchants.js';
import { bearerToken } from '../agents/auth.js';
import { isOriginAllowed } from './origins.js';

/**
 * Finds the merchant a visitor-facing request is for and enforces its allowed origins.
 * Browsers send `Origin` on every cross-origin request, so a page on another site is refused here;
 * requests without `Origin` (same-origin GETs, server-to-server) carry no browser ambient authority.
 * Allowed origins get CORS headers for exactly that origin, never `*`.
 */
export async function resolveVisitorMerchant(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<MerchantRecord> {
  const query = request.query as Record<string, unknown> | undefined;
  const key = typeof query?.merchantKey === 'string' ? query.merchantKey : request.headers['x-merchant-key'];
  if (typeof key !== 'string' || key === '') throw new ApiError('invalid_request', 'merchantKey is required');
  const merchant = await ctx.storage.merchants.findByKey(key);
  if (!merchant) throw new ApiError('unauthorized', 'Unknown merchant key');
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (origin !== undefined) {
    if (!isOriginAllowed(origin, merchant.allowedOrigins)) {
      throw new ApiError('origin_not_allowed', `Origin ${origin} is not allowed for this merchant`);
    }
    reply.header('access-control-allow-origin', origin);
    // The widget reads the file name of downloads (transcripts) from this header.
    reply.header('access-control-expose-headers', 'content-disposition, retry-after');
  }
  return merchant;
}

/**
 * A CORS preflight handler for a group of visitor routes: answered only for origins the merchant
 * allows, with that group's methods and request headers.
 */
export function visitorPreflight(ctx: AppContext, methods: string, headers: string) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await resolveVisitorMerchant(ctx, request, reply);
    reply
      .header('access-control-allow-methods', methods)
      .header('access-control-allow-headers', headers)
      .header('access-control-max-age', '600')
      .status(204)
      .send();
  };
}

/** The visitor behind the request's bearer visitor token, if it is valid and belongs to this merchant. */
export async function visitorClaims(
  ctx: AppContext,
  request: FastifyRequest,
  merchantId: string,
): Promise<VisitorClaims | undefined> {
  const token = bearerToken(request);
  const claims = token ? await ctx.tokens.verify(token, 'visitor') : undefined;
  return claims && claims.merchantId === merchantId ? claims : undefined;
}

/** Like `visitorClaims`, for endpoints that need a visitor: `unauthorized` otherwise. */
export async function requireVisitor(
  ctx: AppContext,
  request: FastifyRequest,
  merchantId: string,
): Promise<VisitorClaims> {
  const claims = await visitorClaims(ctx, request, merchantId);
  if (!claims) throw new ApiError('unauthorized', 'A valid visitor token is required');
  return claims;
}
