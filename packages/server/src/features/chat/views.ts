import type {
  Conversation,
  LinkedConversation,
  Message,
  PaymentRef,
  VisitorConversation,
  VisitorConversationSummary,
} from '@topay-support/protocol';
import type { ConversationRecord } from '../../storage/conversations.js';
import type { MessageRecord } from '../../storage/messages.js';
import type { Storage } from '../../storage/storage.js';
import type { VisitorRecord } from '../../storage/visitors.js';
import type { AttachmentUrlSigner } from '../attachments/urls.js';

/** The wire form of a stored message; attachment links are signed for whoever receives it. */
export function toMessage(record: MessageRecord, urls: AttachmentUrlSigner, baseUrl = ''): Message {
  const message: Message = {
    id: record.id,
    clientId: record.clientId,
    seq: record.seq,
    author: {
      type: record.authorType,
      id: record.authorId,
      ...(record.authorName ? { name: record.authorName } : {}),
    },
    text: record.text,
    attachments: record.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      contentType: a.contentType,
      size: a.size,
      url: `${baseUrl}${urls.url(a.id)}`,
    })),
    sources: record.sources,
    createdAt: record.createdAt,
  };
  if (record.internal) message.internal = true;
  if (record.redacted) message.redacted = true;
  if (record.channel === 'email') message.channel = 'email';
  if (record.emailDelivery) message.emailDelivery = record.emailDelivery;
  return message;
}

export interface ConversationParts {
  visitor: VisitorRecord | undefined;
  assigneeName: string | undefined;
  lastMessage: Message | null;
  unreadCount: number;
}

export function toAgentConversation(record: ConversationRecord, parts: ConversationParts): Conversation {
  const visitor: Conversation['visitor'] = { id: record.visitorId };
  if (parts.visitor?.name) visitor.name = parts.visitor.name;
  if (parts.visitor?.email) visitor.email = parts.visitor.email;
  if (parts.visitor?.userId) visitor.userId = parts.visitor.userId;
  const conversation: Conversation = {
    id: record.id,
    status: record.status,
    topic: record.topic,
    visitor,
    lastMessage: parts.lastMessage,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    flagged: record.flagged,
    offline: record.offline,
    lastSeq: record.lastSeq,
    visitorReadSeq: record.visitorReadSeq,
    agentReadSeq: record.agentReadSeq,
    unreadCount: parts.unreadCount,
    waitingSince: record.waitingSince,
    context: record.context,
    resolvedAt: record.resolvedAt,
    assistant: record.assistant,
  };
  if (record.handoff) conversation.handoff = record.handoff;
  if (record.assigneeId && parts.assigneeName)
    conversation.assignee = { id: record.assigneeId, name: parts.assigneeName };
  if (record.payment) conversation.payment = record.payment;
  if (record.rating) conversation.rating = record.rating;
  return conversation;
}

export interface AgentViewSource {
  storage: Storage;
  urls: AttachmentUrlSigner;
  /** Prefix for attachment links: `''` for the console and the agent API, `PUBLIC_URL` for webhook receivers. */
  baseUrl: string;
  /** The assignee's name (the chat service caches them). */
  agentName(id: string): Promise<string | undefined>;
}

/**
 * The one way a conversation is shown to agents: the console, the agent API (§3.4) and webhook receivers
 * (docs/agent-api.md). Only `lastMessage` differs by audience: an internal note is the latest message for
 * agents, while a webhook receiver is outside the console and never sees one (`notes: false`).
 * `lastMessage`, when the caller has just stored it, spares reading it back.
 */
export async function loadAgentConversation(
  source: AgentViewSource,
  record: ConversationRecord,
  options: { notes: boolean; lastMessage?: MessageRecord | undefined },
): Promise<Conversation> {
  const { storage } = source;
  const given =
    options.lastMessage && (options.notes || !options.lastMessage.internal) ? options.lastMessage : undefined;
  const [visitor, assigneeName, latest, unreadCount] = await Promise.all([
    storage.visitors.findById(record.visitorId),
    record.assigneeId ? source.agentName(record.assigneeId) : undefined,
    // As of the record's lastSeq: a message stored meanwhile is not counted in a view that says it
    // comes before it, so a client applying that message's push counts it once (protocol 2).
    given ? [given] : storage.messages.listLatest(record.id, 1, options.notes, record.lastSeq),
    storage.messages.countVisitorMessagesAfter(record.id, record.agentReadSeq, record.lastSeq),
  ]);
  const last = latest[0];
  return toAgentConversation(record, {
    visitor,
    assigneeName,
    lastMessage: last ? toMessage(last, source.urls, source.baseUrl) : null,
    unreadCount,
  });
}

export function toVisitorConversation(
  record: ConversationRecord,
  assigneeName: string | undefined,
  emailKnown?: boolean,
): VisitorConversation {
  const conversation: VisitorConversation = {
    id: record.id,
    status: record.status,
    topic: record.topic,
    lastSeq: record.lastSeq,
    agentReadSeq: record.agentReadSeq,
    visitorReadSeq: record.visitorReadSeq,
    offline: record.offline,
    createdAt: record.createdAt,
    assistant: record.assistant,
  };
  if (assigneeName) conversation.assignee = { name: assigneeName };
  if (record.rating) conversation.rating = record.rating;
  if (emailKnown !== undefined) conversation.emailKnown = emailKnown;
  if (record.payment) conversation.payment = paymentRef(record);
  return conversation;
}

function paymentRef(record: ConversationRecord): PaymentRef | undefined {
  return record.payment ? { reference: record.payment.reference, status: record.payment.status } : undefined;
}

/** A message as a one-line preview in a list: no ids, no attachments. */
function preview(message: MessageRecord | undefined) {
  return message
    ? { text: message.text, authorType: message.authorType, createdAt: message.createdAt }
    : undefined;
}

/** One entry of a visitor's own list of conversations. */
export function toVisitorSummary(
  record: ConversationRecord,
  lastMessage: MessageRecord | undefined,
  unreadCount: number,
): VisitorConversationSummary {
  const payment = paymentRef(record);
  const last = preview(lastMessage);
  return {
    id: record.id,
    status: record.status,
    topic: record.topic,
    ...(payment ? { payment } : {}),
    ...(last ? { lastMessage: last } : {}),
    unreadCount,
    updatedAt: record.updatedAt,
  };
}

/** Another conversation of the same visitor, as agents see it beside the one open. */
export function toLinkedConversation(
  record: ConversationRecord,
  lastMessage: MessageRecord | undefined,
): LinkedConversation {
  const payment = paymentRef(record);
  const last = preview(lastMessage);
  return {
    id: record.id,
    status: record.status,
    topic: record.topic,
    ...(payment ? { payment } : {}),
    ...(last ? { lastMessage: last } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
