import type { AssistantReport } from '@topay-support/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { ApiError } from '../../http/errors.js';
import { authenticateAgent, bearerToken } from '../agents/auth.js';
import type { AssistantService } from './service.js';

const DAY_MS = 86_400_000;
/** A report covers at most a year: enough for any chart, bounded for the database. */
const MAX_DAYS = 366;

/** `2026-12-01` (a UTC day's start) or a full ISO-8601 time. */
const instant = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be a date (YYYY-MM-DD) or an ISO-8601 time',
  })
  .transform((value) => new Date(/T/.test(value) ? value : `${value}T00:00:00Z`).toISOString());

const reportQuery = z.object({ from: instant.optional(), to: instant.optional() });

/** `GET /v1/agent/assistant/report?from=&to=` (admins): how the assistant did over a period. */
export function registerAssistantRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  assistant: AssistantService,
): void {
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/agent/assistant/report',
      summary: 'How the assistant did over a period (admins)',
      tag: 'Assistant',
      auth: 'agent',
      description:
        '`from` and `to` are dates (YYYY-MM-DD) or ISO times; default the last 30 days, at most 366.',
      query: reportQuery,
      responses: {
        200: {
          description:
            'Answered, resolved without a person, handed off, votes, a per-day series and the top unanswered questions',
        },
      },
      errors: ['unauthorized', 'forbidden'],
    },
    async (request, _reply, input): Promise<AssistantReport> => {
      const agent = await authenticateAgent(ctx, bearerToken(request));
      if (agent.role !== 'admin') throw new ApiError('forbidden', 'Only admins can see the assistant report');
      const query = input.query();
      const to = query.to ?? new Date().toISOString();
      const from = query.from ?? new Date(Date.parse(to) - 30 * DAY_MS).toISOString();
      if (from >= to) throw new ApiError('invalid_request', 'from must be before to');
      if (Date.parse(to) - Date.parse(from) > MAX_DAYS * DAY_MS)
        throw new ApiError('invalid_request', `a report covers at most ${MAX_DAYS} days`);
      return assistant.report(agent.merchantId, from, to);
    },
  );
}
