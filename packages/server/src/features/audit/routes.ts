import type { AuditListResponse } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { adminOf } from '../agents/security-routes.js';
import { toAuditEntry } from './audit-log.js';

const listQuery = z.object({
  since: z.string().datetime({ offset: true }).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `GET /v1/agent/audit`: the merchant's audit trail, newest first, for admins only. */
export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/audit',
      summary: 'The audit trail, newest first (admins)',
      tag: 'Team',
      auth: 'agent',
      query: listQuery,
      responses: { 200: { description: '`{ entries, nextCursor }`' } },
      errors: ['unauthorized', 'forbidden'],
    },
    async (request, _reply, input): Promise<AuditListResponse> => {
      const admin = await adminOf(ctx, request);
      const query = input.query();
      const { entries, nextCursor } = await ctx.storage.audit.list(admin.merchantId, {
        limit: query.limit,
        ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return { entries: entries.map(toAuditEntry), nextCursor };
    },
  );
}
