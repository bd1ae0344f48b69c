import type {
  AgentPresence,
  AgentsResponse,
  CannedReply,
  Conversation,
  ConversationListResponse,
  ConversationResponse,
  ConversationStatus,
  Message,
  MessagesResponse,
  PostMessageRequest,
  Topic,
  TransferRequest,
} from '@topay-support/protocol';
import type { Requester } from './api.js';

/** Query of `GET /v1/agent/conversations`; every field is optional, as on the server. */
export interface ConversationQuery {
  status?: ConversationStatus;
  topic?: Topic;
  /** Searches visitor name, email and message text on the server. */
  q?: string;
  cursor?: string;
  limit?: number;
}

/** The conversation actions of DESIGN §3.4 that answer with the updated conversation. */
export type ConversationAction = 'claim' | 'resolve' | 'reopen' | 'read';

/** The agent HTTP API (DESIGN §3.4) bound to one agent's token. */
export interface AgentApi {
  listConversations(query: ConversationQuery): Promise<ConversationListResponse>;
  getConversation(id: string): Promise<Conversation>;
  act(id: string, action: ConversationAction): Promise<Conversation>;
  transfer(id: string, agentId: string): Promise<Conversation>;
  /** Up to one page (the server caps it at `LIMITS.syncPageSize`) after `afterSeq`, in seq order. */
  messages(id: string, afterSeq: number): Promise<Message[]>;
  postMessage(id: string, body: PostMessageRequest): Promise<Message>;
  agents(): Promise<AgentPresence[]>;
  cannedReplies(): Promise<CannedReply[]>;
  createCannedReply(body: Omit<CannedReply, 'id'>): Promise<CannedReply>;
  deleteCannedReply(id: string): Promise<void>;
}

function queryString(query: ConversationQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * @example
 * const api = createAgentApi(createRequester(''), token);
 * const { conversations } = await api.listConversations({ status: 'open' });
 */
export function createAgentApi(request: Requester, token: string): AgentApi {
  const conversationPath = (id: string) => `/v1/agent/conversations/${encodeURIComponent(id)}`;
  const get = <T>(path: string) => request<T>(path, { method: 'GET', token });
  const post = <T>(path: string, body?: unknown) =>
    // The action endpoints take no body, but a JSON content type with `{}` is what every proxy expects.
    request<T>(path, { method: 'POST', token, body: body ?? {} });

  return {
    listConversations: (query) =>
      get<ConversationListResponse>(`/v1/agent/conversations${queryString(query)}`),
    getConversation: async (id) => (await get<ConversationResponse>(conversationPath(id))).conversation,
    act: async (id, action) =>
      (await post<ConversationResponse>(`${conversationPath(id)}/${action}`)).conversation,
    transfer: async (id, agentId) =>
      (
        await post<ConversationResponse>(`${conversationPath(id)}/transfer`, {
          agentId,
        } satisfies TransferRequest)
      ).conversation,
    messages: async (id, afterSeq) =>
      (await get<MessagesResponse>(`${conversationPath(id)}/messages?after=${afterSeq}`)).messages,
    postMessage: async (id, body) =>
      (await post<{ message: Message }>(`${conversationPath(id)}/messages`, body)).message,
    agents: async () => (await get<AgentsResponse>('/v1/agent/agents')).agents,
    cannedReplies: async () =>
      (await get<{ cannedReplies: CannedReply[] }>('/v1/agent/canned-replies')).cannedReplies,
    createCannedReply: async (body) =>
      (await post<{ cannedReply: CannedReply }>('/v1/agent/canned-replies', body)).cannedReply,
    deleteCannedReply: (id) =>
      request<void>(`/v1/agent/canned-replies/${encodeURIComponent(id)}`, { method: 'DELETE', token }),
  };
}
