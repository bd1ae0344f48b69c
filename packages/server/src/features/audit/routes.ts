import type { AuditListResponse } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { adminOf } from '../agents/security-routes.js';
import { toAuditEntry } from './audit-log.js';

const listQuery = z.object({
  since: z.string().datetime({ offset: true }).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `GET /v1/agent/audit`: the merchant's audit trail, newest first, for admins only. */
export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/agent/audit', async (request): Promise<AuditListResponse> => {
    const admin = await adminOf(ctx, request);
    const query = listQuery.parse(request.query);
    const { entries, nextCursor } = await ctx.storage.audit.list(admin.merchantId, {
      limit: query.limit,
      ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { entries: entries.map(toAuditEntry), nextCursor };
  });
}
