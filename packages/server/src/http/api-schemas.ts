import {
  AGENT_ROLES,
  type AgentLoginResponse,
  ARTICLE_CATEGORIES,
  ASSISTANT_STATES,
  ATTACHMENT_TYPES,
  AUTHOR_TYPES,
  CARD_BRANDS,
  CONVERSATION_STATUSES,
  type ConversationListResponse,
  type ConversationResponse,
  HANDOFF_REASONS,
  type HelpArticle,
  type HelpHomeResponse,
  type HelpSearchResponse,
  type MessagesResponse,
  PAYMENT_EVENT_TYPES,
  PAYMENT_REASONS,
  PAYMENT_STATUSES,
  type PaymentListResponse,
  type PaymentLookupResponse,
  type PostMessageResponse,
  SUPPORTED_LOCALES,
  TOPICS,
} from '@topay-support/protocol';
import { z } from 'zod';

/*
 * The answers of the public contracts (docs/agent-api.md, docs/sdk.md) as schemas, for the OpenAPI
 * description only: the server builds its answers from the protocol's types and never parses them.
 * The protocol package has no runtime dependencies, so these live here; `Same<…>` below makes `tsc`
 * fail the moment one of them and its protocol type disagree, so they cannot drift apart.
 */

const isoTime = z.string().describe('ISO-8601 UTC');

const paymentView = z.object({
  reference: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  reason: z.enum(PAYMENT_REASONS).optional(),
  amount: z.object({ minor: z.number().int(), currency: z.string() }),
  merchant: z.object({ name: z.string() }),
  card: z.object({ brand: z.enum(CARD_BRANDS), last4: z.string() }).optional(),
  createdAt: isoTime,
  events: z.array(z.object({ type: z.enum(PAYMENT_EVENT_TYPES), at: isoTime })),
});

const message = z.object({
  id: z.string(),
  clientId: z.string(),
  seq: z.number().int().describe('Gapless from 1 per conversation'),
  author: z.object({ type: z.enum(AUTHOR_TYPES), id: z.string(), name: z.string().optional() }),
  text: z.string(),
  attachments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      contentType: z.enum(ATTACHMENT_TYPES),
      size: z.number().int(),
      url: z.string().describe('A capability URL, valid for a limited time'),
    }),
  ),
  sources: z
    .array(z.object({ slug: z.string(), title: z.string(), locale: z.string() }))
    .describe('The help articles an assistant reply is built from; `[]` on every other message'),
  createdAt: isoTime,
  internal: z.boolean().optional(),
  feedback: z.boolean().optional(),
  redacted: z.boolean().optional(),
});

const conversation = z.object({
  id: z.string(),
  status: z.enum(CONVERSATION_STATUSES),
  topic: z.enum(TOPICS).nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).optional(),
  visitor: z.object({
    id: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    userId: z.string().optional(),
  }),
  lastMessage: message.nullable(),
  payment: paymentView.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  flagged: z.boolean(),
  offline: z.boolean(),
  lastSeq: z.number().int(),
  visitorReadSeq: z.number().int(),
  agentReadSeq: z.number().int(),
  unreadCount: z.number().int(),
  waitingSince: isoTime.nullable(),
  rating: z.object({ score: z.number().int(), comment: z.string().optional() }).optional(),
  context: z.object({
    pageUrl: z.string().optional(),
    locale: z.string().optional(),
    userAgent: z.string().optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  resolvedAt: isoTime.nullable(),
  assistant: z.enum(ASSISTANT_STATES),
  handoff: z.object({ reason: z.enum(HANDOFF_REASONS), at: isoTime }).optional(),
});

export const conversationResponse = z.object({ conversation });
export const conversationListResponse = z.object({
  conversations: z.array(conversation),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
});
export const messagesResponse = z.object({ messages: z.array(message) });
export const messageResponse = z.object({ message });

export const agentLoginResponse = z.object({
  token: z.string(),
  expiresAt: isoTime,
  agent: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum([...AGENT_ROLES, 'bot']),
  }),
});

export const paymentLookupResponse = z.object({ payment: paymentView });
export const paymentListResponse = z.object({ payments: z.array(paymentView) });

export const helpSearchResponse = z.object({
  locale: z.enum(SUPPORTED_LOCALES).describe('The locale answered, after falling back'),
  results: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      title: z.string(),
      snippet: z.string(),
      highlights: z
        .array(z.tuple([z.number().int(), z.number().int()]))
        .describe('[start, end) character ranges into `snippet`, never HTML'),
      category: z.enum(ARTICLE_CATEGORIES),
      convertedFrom: z.enum(SUPPORTED_LOCALES).optional(),
    }),
  ),
});

export const helpArticleResponse = z.object({
  article: z.object({
    id: z.string(),
    slug: z.string(),
    locale: z.enum(SUPPORTED_LOCALES),
    title: z.string(),
    category: z.enum(ARTICLE_CATEGORIES),
    html: z.string().describe('Already reduced to the safe subset: headings, lists, links, emphasis, code'),
    updatedAt: isoTime,
    convertedFrom: z.enum(SUPPORTED_LOCALES).optional(),
  }),
});

const articleSummary = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  category: z.enum(ARTICLE_CATEGORIES),
});
export const helpHomeResponse = z.object({
  locale: z.enum(SUPPORTED_LOCALES),
  popular: z.array(articleSummary),
  categories: z.array(z.object({ category: z.enum(ARTICLE_CATEGORIES), articles: z.array(articleSummary) })),
});

/** True only when A and B are the same type (each assignable to the other, optional keys included). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function same<_T extends true>(): void {}

same<Same<z.output<typeof conversationResponse>, ConversationResponse>>();
same<Same<z.output<typeof conversationListResponse>, ConversationListResponse>>();
same<Same<z.output<typeof messagesResponse>, MessagesResponse>>();
same<Same<z.output<typeof messageResponse>, PostMessageResponse>>();
same<Same<z.output<typeof agentLoginResponse>, AgentLoginResponse>>();
same<Same<z.output<typeof paymentLookupResponse>, PaymentLookupResponse>>();
same<Same<z.output<typeof paymentListResponse>, PaymentListResponse>>();
same<Same<z.output<typeof helpSearchResponse>, HelpSearchResponse>>();
same<Same<z.output<typeof helpArticleResponse>, { article: HelpArticle }>>();
same<Same<z.output<typeof helpHomeResponse>, HelpHomeResponse>>();
