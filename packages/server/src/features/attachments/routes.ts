import { type AttachmentUploadResponse, LIMITS } from '@topay-support/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';
import { ApiError } from '../../http/errors.js';
import type { AttachmentRecord } from '../../storage/attachments.js';
import { authenticateAgent, bearerToken } from '../agents/auth.js';
import { requireVisitor, resolveVisitorMerchant } from '../merchants/visitor-access.js';
import { safeFileName, sniffAttachmentType } from './sniff.js';
import type { AttachmentStore } from './store.js';
import type { AttachmentUrlSigner } from './urls.js';

const download = z.object({ expires: z.string().max(20), signature: z.string().max(100) });
const idParams = z.object({ id: z.string().min(1).max(100) });

function fileNameHeader(request: FastifyRequest): string | undefined {
  const raw = request.headers['x-file-name'];
  if (typeof raw !== 'string') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Uploads go over HTTP, never through the socket or the outbox: a 10 MB file must not sit in a
 * visitor's localStorage. The message that uses an upload names its id; until then only the
 * uploader may attach it.
 */
export function registerAttachmentRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  store: AttachmentStore,
  urls: AttachmentUrlSigner,
): void {
  app.addContentTypeParser(
    ['application/octet-stream', 'image/png', 'image/jpeg', 'image/webp', 'application/pdf'],
    { parseAs: 'buffer', bodyLimit: LIMITS.attachmentBytes },
    (_request, body, done) => done(null, body),
  );

  async function accept(
    request: FastifyRequest,
    uploader: Pick<AttachmentRecord, 'merchantId' | 'uploaderType' | 'uploaderId'>,
  ): Promise<AttachmentUploadResponse> {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new ApiError(
        'invalid_request',
        'Send the file as the request body (Content-Type: application/octet-stream)',
      );
    }
    const contentType = sniffAttachmentType(body);
    if (!contentType)
      throw new ApiError('invalid_request', 'Only PNG, JPEG, WebP images and PDF documents can be attached');
    const record = await ctx.storage.attachments.create({
      ...uploader,
      name: safeFileName(fileNameHeader(request), contentType),
      contentType,
      size: body.length,
    });
    await store.put(record.id, body);
    return {
      attachment: {
        id: record.id,
        name: record.name,
        contentType,
        size: record.size,
        url: urls.url(record.id),
      },
    };
  }

  const uploadOptions = { bodyLimit: LIMITS.attachmentBytes } as const;
  // Per client address (an IPv6 /64 is one); see `rateLimits` in config.ts for why these numbers.
  const { visitorUploadsPer10Minutes, agentUploadsPer10Minutes } = ctx.config.rateLimits;
  const VISITOR_UPLOAD_RATE_LIMIT = { max: visitorUploadsPer10Minutes, timeWindow: '10 minutes' };
  const AGENT_UPLOAD_RATE_LIMIT = { max: agentUploadsPer10Minutes, timeWindow: '10 minutes' };

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/visitor/attachments',
      summary: 'Upload a file to attach to a message (visitor)',
      tag: 'Attachments',
      auth: 'visitor',
      bodyContentType: 'application/octet-stream',
      responses: {
        201: {
          description:
            '`{ attachment: { id, name, contentType, size, url } }`; name the file in `X-File-Name` (percent-encoded)',
        },
      },
      errors: ['unauthorized', 'origin_not_allowed', 'too_large', 'rate_limited'],
      options: { ...uploadOptions, config: { rateLimit: VISITOR_UPLOAD_RATE_LIMIT } },
    },
    async (request, reply) => {
      const merchant = await resolveVisitorMerchant(ctx, request, reply);
      const claims = await requireVisitor(ctx, request, merchant.id);
      reply.status(201);
      return accept(request, {
        merchantId: merchant.id,
        uploaderType: 'visitor',
        uploaderId: claims.visitorId,
      });
    },
  );

  apiRoute(
    app,
    {
      method: 'POST',
      url: '/v1/agent/attachments',
      summary: 'Upload a file to attach to a message (agent)',
      tag: 'Attachments',
      auth: 'agent',
      bodyContentType: 'application/octet-stream',
      responses: {
        201: {
          description:
            '`{ attachment: { id, name, contentType, size, url } }`; name the file in `X-File-Name` (percent-encoded)',
        },
      },
      errors: ['unauthorized', 'too_large', 'rate_limited'],
      options: { ...uploadOptions, config: { rateLimit: AGENT_UPLOAD_RATE_LIMIT } },
    },
    async (request, reply) => {
      const agent = await authenticateAgent(ctx, bearerToken(request));
      reply.status(201);
      return accept(request, { merchantId: agent.merchantId, uploaderType: 'agent', uploaderId: agent.id });
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/v1/attachments/:id',
      summary: 'Download an attachment by its signed link',
      tag: 'Attachments',
      auth: 'signed',
      params: idParams,
      query: download,
      responses: {
        200: { description: 'The file (PNG, JPEG, WebP or PDF)', contentType: 'application/octet-stream' },
      },
      errors: ['forbidden', 'not_found'],
    },
    async (request, reply, input) => {
      const { id } = input.params();
      const query = download.safeParse(request.query);
      if (!query.success || !urls.verify(id, query.data.expires, query.data.signature)) {
        throw new ApiError('forbidden', 'This attachment link is invalid or has expired');
      }
      const record = await ctx.storage.attachments.findById(id);
      const bytes = record && (await store.get(record.id));
      if (!record || !bytes) throw new ApiError('not_found', 'No such attachment');
      const disposition = record.contentType === 'application/pdf' ? 'attachment' : 'inline';
      return (
        reply
          .header('content-type', record.contentType)
          .header('content-length', bytes.length)
          .header(
            'content-disposition',
            `${disposition}; filename*=UTF-8''${encodeURIComponent(record.name)}`,
          )
          .header('x-content-type-options', 'nosniff')
          // Even if a browser were tricked into rendering it as a document, it could run nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cross-origin-resource-policy', 'cross-origin')
          .header('cache-control', 'private, max-age=3600')
          .send(bytes)
      );
    },
  );
}
