import { LIMITS, TOPICS } from '@topay-support/protocol';
import { z } from 'zod';

const id = z.string().min(1).max(100);
// Generous for the text itself; the domain applies the exact limit after normalising, with a clear error.
const text = z.string().max(LIMITS.messageLength * 2);
const clientId = z
  .string()
  .min(8)
  .max(LIMITS.clientIdLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'clientId may use letters, digits, - and _');
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const identitySchema = z.object({
  userId: z.string().min(1).max(200),
  userHash: z.string().max(128),
  name: z.string().trim().min(1).max(LIMITS.nameLength).optional(),
  email: z.email().max(LIMITS.emailLength).optional(),
});

export const visitorAuthSchema = z.object({
  merchantKey: z.string().min(1).max(100),
  visitorToken: z.string().max(2000).optional(),
  identity: identitySchema.optional(),
});

export const agentAuthSchema = z.object({ token: z.string().min(1).max(4000) });

export const openSchema = z
  .object({
    topic: z.enum(TOPICS).optional(),
    payment: z
      .object({ reference: z.string().trim().min(1).max(100), email: z.string().trim().max(254).optional() })
      .optional(),
    name: z.string().trim().min(1).max(LIMITS.nameLength).optional(),
    email: z.email().max(LIMITS.emailLength).optional(),
    context: z
      .object({
        pageUrl: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .optional(),
        locale: z.string().max(35).optional(),
        userAgent: z.string().max(500).optional(),
        attributes: z
          .record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
          .refine((record) => Object.keys(record).length <= 50, 'at most 50 attributes')
          .optional(),
      })
      .optional(),
  })
  .default({});

export const sendSchema = z.object({
  conversationId: id,
  clientId,
  text,
  attachmentIds: z.array(id).max(LIMITS.attachmentsPerMessage).optional(),
});

export const agentSendSchema = sendSchema.extend({ internal: z.boolean().optional() });

export const syncSchema = z.object({ conversationId: id, afterSeq: seq });

export const readSchema = z.object({ conversationId: id, seq });

export const typingSchema = z.object({ conversationId: id, typing: z.boolean() });

export const rateSchema = z.object({
  conversationId: id,
  score: z.number().int().min(1).max(5),
  comment: z.string().max(LIMITS.ratingCommentLength).optional(),
});

export const presenceSchema = z.object({ status: z.enum(['online', 'away']) });

export const noPayload = z.undefined();

export const requestAgentSchema = z.object({ conversationId: id });

export const feedbackSchema = z.object({ conversationId: id, messageId: id, helpful: z.boolean() });
