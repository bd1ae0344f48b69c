import type { Conversation, ConversationStatus, LinkedConversation, Message, Topic } from './chat.js';
import type { AgentPresence } from './socket.js';

export const AGENT_ROLES = ['agent', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export interface AgentProfile {
  id: string;
  email: string;
  name: string;
  /** `bot` for a bot API key (see `GET /v1/agent/me`); bots never log in. */
  role: AgentRole | 'bot';
}

/**
 * `POST /v1/agent/login` body. `totp` (the 6-digit code) or `recoveryCode` is needed only by an
 * agent with two-factor sign-in, after the server answered 401 `totp_required`.
 */
export interface AgentLoginRequest {
  email: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/** `POST /v1/agent/login` answer; `expiresAt` is ISO-8601 UTC. */
export interface AgentLoginResponse {
  token: string;
  expiresAt: string;
  agent: AgentProfile;
}

/** `GET /v1/agent/me` answer. */
export interface AgentMeResponse {
  agent: AgentProfile;
  merchant: { id: string; name: string };
}

/** `GET /v1/agent/conversations` answer. */
export interface ConversationListResponse {
  conversations: Conversation[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ConversationResponse {
  conversation: Conversation;
}

/** `GET /v1/agent/conversations/:id/linked`: the same visitor's other conversations, newest first. */
export interface LinkedConversationsResponse {
  conversations: LinkedConversation[];
}

export interface MessagesResponse {
  messages: Message[];
}

/** `POST /v1/agent/conversations/:id/messages` body. */
export interface PostMessageRequest {
  text: string;
  clientId: string;
  /** An internal note for agents only. */
  internal?: boolean;
}

export interface TransferRequest {
  agentId: string;
}

export interface CannedReply {
  id: string;
  /** Typed after `/` in the composer, e.g. `refund-time`. */
  shortcut: string;
  text: string;
}

export interface AgentsResponse {
  agents: AgentPresence[];
}

export interface CannedRepliesResponse {
  cannedReplies: CannedReply[];
}

export interface CannedReplyResponse {
  cannedReply: CannedReply;
}

/** `POST /v1/agent/conversations/:id/messages` answer: 201 when stored now, 200 for a resend. */
export interface PostMessageResponse {
  message: Message;
}

/** Query of `GET /v1/agent/conversations`; `limit` is 1–100, default 25. */
export interface ConversationListQuery {
  status?: ConversationStatus;
  topic?: Topic;
  /** Searches visitor name, email, user id and message text. */
  q?: string;
  limit?: number;
  cursor?: string;
}
