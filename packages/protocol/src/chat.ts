import type { PaymentView } from './payments.js';

export const CONVERSATION_STATUSES = ['open', 'assigned', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const AUTHOR_TYPES = ['visitor', 'agent', 'system'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

/** A stored chat message (DESIGN §3.4). `seq` is gapless from 1 per conversation; times are ISO-8601 UTC. */
export interface Message {
  id: string;
  clientId: string;
  seq: number;
  author: { type: AuthorType; id: string; name?: string };
  text: string;
  attachments: Attachment[];
  createdAt: string;
}

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
}

export interface Conversation {
  id: string;
  status: ConversationStatus;
  topic: string | null;
  assignee?: { id: string; name: string };
  visitor: { id: string; name?: string; email?: string; userId?: string };
  lastMessage: Message | null;
  payment?: PaymentView;
  createdAt: string;
}
