import type { AssistantState, Handoff, MessageSource } from './assistant.js';
import type { PaymentStatus, PaymentView } from './payments.js';

export const CONVERSATION_STATUSES = ['open', 'assigned', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** `bot` is the assistant (docs/assistant.md); bot API keys write as `agent`. */
export const AUTHOR_TYPES = ['visitor', 'agent', 'bot', 'system'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

/** What a visitor picks when starting a chat; agents filter by it, and complaints are flagged. */
export const TOPICS = ['payment', 'account', 'refund', 'complaint', 'suggestion', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

/** File types an attachment may have, recognised by content, never by name. */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface Attachment {
  id: string;
  name: string;
  contentType: AttachmentType;
  size: number;
  /** A capability URL, valid for a limited time, handed only to the conversation's participants. */
  url: string;
}

/** A stored chat message (docs/agent-api.md). `seq` is gapless from 1 per conversation; times are ISO-8601 UTC. */
export interface Message {
  id: string;
  clientId: string;
  seq: number;
  author: { type: AuthorType; id: string; name?: string };
  text: string;
  attachments: Attachment[];
  /** The help articles an assistant reply is built from; `[]` on every other message (docs/assistant.md). */
  sources: MessageSource[];
  createdAt: string;
  /** An agents-only note; never sent to visitors. */
  internal?: boolean;
  /**
   * On assistant replies sent to their own visitor: the thumbs up (`true`) or down (`false`) they gave
   * it, so a reloaded widget shows it pressed. Absent when they gave none, and on every other message.
   */
  feedback?: boolean;
  /** Card data was removed from `text` before it was stored. */
  redacted?: boolean;
  /** How the message arrived: `email` for a visitor's reply by email (docs/email.md); absent = chat. */
  channel?: MessageChannel;
  /** On agent and assistant replies that also went out by email: when, and whether the mail bounced. */
  emailDelivery?: EmailDelivery;
}

/** Where a message was written; older servers send no `channel`, which means `chat`. */
export const MESSAGE_CHANNELS = ['chat', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export interface EmailDelivery {
  status: 'sent' | 'bounced';
  /** When the mail was sent (or its bounce arrived), ISO-8601 UTC. */
  at: string;
}

export interface ConversationContext {
  pageUrl?: string;
  locale?: string;
  userAgent?: string;
  attributes?: Record<string, string | number | boolean | null>;
}

export interface Rating {
  /** 1 (bad) to 5 (good); a thumbs-up is 5, a thumbs-down 1. */
  score: number;
  comment?: string;
}

/** A conversation as agents and the agent HTTP API see it (docs/agent-api.md, plus working fields). */
export interface Conversation {
  id: string;
  status: ConversationStatus;
  topic: Topic | null;
  assignee?: { id: string; name: string };
  visitor: { id: string; name?: string; email?: string; userId?: string };
  lastMessage: Message | null;
  payment?: PaymentView;
  createdAt: string;
  /** Changes on every update: of two copies of a conversation, the later `updatedAt` is current. */
  updatedAt: string;
  /** Complaints are flagged so they are never left unanswered. */
  flagged: boolean;
  /** Started while no agent was available: the visitor expects an email answer. */
  offline: boolean;
  lastSeq: number;
  /** Highest seq the visitor has read, and the highest any agent has read. */
  visitorReadSeq: number;
  agentReadSeq: number;
  /** Visitor messages after `agentReadSeq`. */
  unreadCount: number;
  /** When the oldest visitor message still waiting for an agent's answer was sent; null when answered. */
  waitingSince: string | null;
  rating?: Rating;
  context: ConversationContext;
  resolvedAt: string | null;
  assistant: AssistantState;
  /** Set when the conversation went from the assistant to people, and why. */
  handoff?: Handoff;
}

/** A conversation as its visitor sees it: no internal state, no agent ids. */
export interface VisitorConversation {
  id: string;
  status: ConversationStatus;
  topic: Topic | null;
  assignee?: { name: string };
  lastSeq: number;
  /** Highest seq any agent has read: the visitor's messages up to it show as read. */
  agentReadSeq: number;
  visitorReadSeq: number;
  offline: boolean;
  rating?: Rating;
  createdAt: string;
  assistant: AssistantState;
  /**
   * The server knows an email to answer this visitor by (offline flow, pre-chat form, identified
   * user's email): after a hand-off with nobody online, the widget asks for one only when this is false.
   */
  emailKnown?: boolean;
  /** The payment this conversation is about ("ask about this payment"): one payment, one conversation. */
  payment?: PaymentRef;
}

/** Which payment a conversation is about, without the payment's details. */
export interface PaymentRef {
  reference: string;
  status: PaymentStatus;
}

/**
 * One of a visitor's conversations in their list (`conversations:list`), enough to pick one: what
 * it is about, its last words and how many replies they have not read.
 */
export interface VisitorConversationSummary {
  id: string;
  status: ConversationStatus;
  topic: Topic | null;
  payment?: PaymentRef;
  /** The newest message the visitor may see; absent before the first one. */
  lastMessage?: { text: string; authorType: AuthorType; createdAt: string };
  /** Replies (agent, assistant, system) after the visitor's read mark. */
  unreadCount: number;
  updatedAt: string;
}

/**
 * Another conversation of the same visitor, as agents see it next to the one open
 * (`GET /v1/agent/conversations/:id/linked`).
 */
export interface LinkedConversation {
  id: string;
  status: ConversationStatus;
  topic: Topic | null;
  payment?: PaymentRef;
  lastMessage?: { text: string; authorType: AuthorType; createdAt: string };
  createdAt: string;
  updatedAt: string;
}

/** `POST /v1/visitor/attachments` and `POST /v1/agent/attachments` answer (201). */
export interface AttachmentUploadResponse {
  attachment: Attachment;
}
