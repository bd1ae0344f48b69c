import type {
  Conversation,
  LinkedConversation,
  Message,
  PaymentRef,
  VisitorConversation,
  VisitorConversationSummary,
} from '@topay-support/protocol';
import type { ConversationRecord, MessageRecord, VisitorRecord } from '../../storage/types.js';
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
