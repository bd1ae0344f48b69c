import {
  type AgentClientToServerEvents,
  type AgentHandshakeAuth,
  type AgentSendMessageRequest,
  type AssistantFeedbackRequest,
  type IdentityClaim,
  type JoinConversationRequest,
  LIMITS,
  type OpenConversationRequest,
  type RateRequest,
  type ReadSignal,
  type RequestAgentRequest,
  type SendMessageRequest,
  type SyncRequest,
  TOPICS,
  type TypingSignal,
  type VisitorHandshakeAuth,
} from '@topay-support/protocol';
import { z } from 'zod';
import { emailHoldsCardData, scrubAttributes, scrubCardData } from '../card-data.js';
import type { AckRequest } from './event-maps.js';
import { type Same, same } from './same-type.js';

const id = z.string().min(1).max(100);
// Generous for the text itself; the domain applies the exact limit after normalising, with a clear error.
const text = z.string().max(LIMITS.messageLength * 2);
const clientId = z
  .string()
  .min(8)
  .max(LIMITS.clientIdLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'clientId may use letters, digits, - and _');
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// Card data leaves a visitor's free text here, where it is parsed (docs/design.md#card-data): nothing after the
// schema (storage, relay, logs, webhooks, mail) ever holds it. Message text is the exception: the
// chat service redacts it, for both transports, and flags the message.
const visitorName = z.string().trim().min(1).max(LIMITS.nameLength).transform(scrubCardData);
const visitorEmail = z
  .email()
  .max(LIMITS.emailLength)
  .refine((email) => !emailHoldsCardData(email), 'an email address cannot hold a card number');
const visitorText = (max: number) => z.string().max(max).transform(scrubCardData);

export const identitySchema = z.object({
  userId: z.string().min(1).max(200),
  userHash: z.string().max(128),
  name: visitorName.optional(),
  email: visitorEmail.optional(),
});

export const visitorAuthSchema = z.object({
  merchantKey: z.string().min(1).max(100),
  visitorToken: z.string().max(2000).optional(),
  identity: identitySchema.optional(),
  continueToken: z.string().max(100).optional(),
});

export const agentAuthSchema = z.object({ token: z.string().min(1).max(4000) });

export const openSchema = z
  .object({
    topic: z.enum(TOPICS).optional(),
    payment: z
      .object({ reference: z.string().trim().min(1).max(100), email: z.string().trim().max(254).optional() })
      .optional(),
    name: visitorName.optional(),
    email: visitorEmail.optional(),
    context: z
      .object({
        pageUrl: z
          .url({ protocol: /^https?$/ })
          .max(2000)
          .transform(scrubCardData)
          .optional(),
        locale: visitorText(35).optional(),
        userAgent: visitorText(500).optional(),
        attributes: z
          .record(z.string().max(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
          .refine((record) => Object.keys(record).length <= 50, 'at most 50 attributes')
          .transform(scrubAttributes)
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
  comment: visitorText(LIMITS.ratingCommentLength).optional(),
});

export const presenceSchema = z.object({ status: z.enum(['online', 'away']) });

export const noPayload = z.undefined();

export const requestAgentSchema = z.object({ conversationId: id });

export const joinSchema = z.object({ conversationId: id });

export const feedbackSchema = z.object({ conversationId: id, messageId: id, helpful: z.boolean() });

// Each schema's output is exactly its protocol type (outputs, because some schemas scrub card data on
// the way): tsc fails the moment a field is added, dropped, made optional or retyped on one side only.
// Handlers are held to the same rule where they are registered (`socketHandlers`).
same<Same<z.output<typeof identitySchema>, IdentityClaim>>();
same<Same<z.output<typeof visitorAuthSchema>, VisitorHandshakeAuth>>();
same<Same<z.output<typeof agentAuthSchema>, AgentHandshakeAuth>>();
same<Same<z.output<typeof openSchema>, OpenConversationRequest>>();
same<Same<z.output<typeof sendSchema>, SendMessageRequest>>();
same<Same<z.output<typeof agentSendSchema>, AgentSendMessageRequest>>();
same<Same<z.output<typeof syncSchema>, SyncRequest>>();
same<Same<z.output<typeof readSchema>, ReadSignal>>();
same<Same<z.output<typeof typingSchema>, TypingSignal>>();
same<Same<z.output<typeof rateSchema>, RateRequest>>();
same<Same<z.output<typeof presenceSchema>, AckRequest<AgentClientToServerEvents, 'presence:set'>>>();
same<Same<z.output<typeof noPayload>, undefined>>();
same<Same<z.output<typeof requestAgentSchema>, RequestAgentRequest>>();
same<Same<z.output<typeof joinSchema>, JoinConversationRequest>>();
same<Same<z.output<typeof feedbackSchema>, AssistantFeedbackRequest>>();
