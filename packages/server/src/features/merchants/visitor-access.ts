import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import type { MerchantRecord } from '../../storage/types.js';
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
