import {
  type AgentArticle,
  type AgentArticleResponse,
  type AgentArticlesResponse,
  type AgentPresence,
  type AgentsResponse,
  type ArticleDraft,
  type ArticlePreviewRequest,
  type ArticlePreviewResponse,
  type AssistantReport,
  ATTACHMENT_TYPES,
  type Attachment,
  type CannedRepliesResponse,
  type CannedReply,
  type CannedReplyResponse,
  type Conversation,
  type ConversationListQuery,
  type ConversationListResponse,
  type ConversationResponse,
  type LinkedConversation,
  type LinkedConversationsResponse,
  type Locale,
  type Message,
  type MessagesResponse,
  type PostMessageRequest,
  type PostMessageResponse,
  type TransferRequest,
} from '@topay-support/protocol';
import type { Requester } from './api.js';

/**
 * `POST /v1/agent/attachments` answer. The protocol has `Attachment` but no name for this wrapper yet;
 * it belongs next to `CannedReplyResponse` there.
 */
interface AttachmentUploadResponse {
  attachment: Attachment;
}

/** A file the size of `LIMITS.attachmentBytes` over a slow office uplink takes far longer than JSON. */
const UPLOAD_TIMEOUT_MS = 120_000;

/** The conversation actions of docs/agent-api.md that answer with the updated conversation. */
export type ConversationAction = 'claim' | 'resolve' | 'reopen' | 'read';

/** The help-center part of the agent API: every agent reads and searches, admins edit. */
export interface ArticlesApi {
  /** Published articles matching `q`, best first; `locale` narrows the search to one language. */
  searchArticles(q: string, locale?: Locale): Promise<AgentArticle[]>;
  /** Every article (drafts too, for admins), optionally of one locale. */
  listArticles(locale?: Locale): Promise<AgentArticle[]>;
  getArticle(id: string): Promise<AgentArticle>;
  /** Admins only: rejects with `conflict` when the slug is taken in that locale. */
  createArticle(draft: ArticleDraft): Promise<AgentArticle>;
  /** Admins only: rejects with `conflict` when the new slug is taken in that locale. */
  updateArticle(id: string, draft: ArticleDraft): Promise<AgentArticle>;
  /** Admins only: the Markdown rendered to the safe HTML subset the widget shows. */
  previewArticle(markdown: string): Promise<string>;
}

/** The agent HTTP API (docs/agent-api.md) bound to one agent's token. */
export interface AgentApi extends ArticlesApi {
  listConversations(query: ConversationListQuery): Promise<ConversationListResponse>;
  getConversation(id: string): Promise<Conversation>;
  /** The same visitor's other conversations (one per payment asked about, and others), newest first. */
  linkedConversations(id: string): Promise<LinkedConversation[]>;
  act(id: string, action: ConversationAction): Promise<Conversation>;
  transfer(id: string, agentId: string): Promise<Conversation>;
  /** Up to one page (the server caps it at `LIMITS.syncPageSize`) after `afterSeq`, in seq order. */
  messages(id: string, afterSeq: number): Promise<Message[]>;
  postMessage(id: string, body: PostMessageRequest): Promise<Message>;
  agents(): Promise<AgentPresence[]>;
  cannedReplies(): Promise<CannedReply[]>;
  createCannedReply(body: Omit<CannedReply, 'id'>): Promise<CannedReply>;
  deleteCannedReply(id: string): Promise<void>;
  /**
   * `POST /v1/agent/attachments` with the file's bytes; the answer's id goes into `attachmentIds` of
   * `message:send`. The server decides the type by content, whatever the name or `file.type` say.
   */
  uploadAttachment(file: Blob, name: string, signal?: AbortSignal): Promise<Attachment>;
  /** Admins only: how the assistant did from `from` to `to` (ISO times), per day and overall. */
  assistantReport(from: string, to: string): Promise<AssistantReport>;
}

/** `?a=1&b=x` of the defined, non-empty fields; `''` when there are none. */
function queryString(query: object): string {
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

  const articlePath = (id: string) => `/v1/agent/articles/${encodeURIComponent(id)}`;

  return {
    searchArticles: async (q, locale) =>
      (await get<AgentArticlesResponse>(`/v1/agent/articles${queryString({ q, locale })}`)).articles,
    listArticles: async (locale) =>
      (await get<AgentArticlesResponse>(`/v1/agent/articles${queryString({ locale })}`)).articles,
    getArticle: async (id) => (await get<AgentArticleResponse>(articlePath(id))).article,
    createArticle: async (draft) =>
      (await post<AgentArticleResponse>('/v1/agent/articles', draft satisfies ArticleDraft)).article,
    updateArticle: async (id, draft) =>
      (
        await request<AgentArticleResponse>(articlePath(id), {
          method: 'PUT',
          token,
          body: draft satisfies ArticleDraft,
        })
      ).article,
    previewArticle: async (markdown) =>
      (
        await post<ArticlePreviewResponse>('/v1/agent/articles/preview', {
          markdown,
        } satisfies ArticlePreviewRequest)
      ).html,
    listConversations: (query) =>
      get<ConversationListResponse>(`/v1/agent/conversations${queryString(query)}`),
    getConversation: async (id) => (await get<ConversationResponse>(conversationPath(id))).conversation,
    linkedConversations: async (id) =>
      (await get<LinkedConversationsResponse>(`${conversationPath(id)}/linked`)).conversations,
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
      (await post<PostMessageResponse>(`${conversationPath(id)}/messages`, body)).message,
    agents: async () => (await get<AgentsResponse>('/v1/agent/agents')).agents,
    cannedReplies: async () => (await get<CannedRepliesResponse>('/v1/agent/canned-replies')).cannedReplies,
    createCannedReply: async (body) =>
      (await post<CannedReplyResponse>('/v1/agent/canned-replies', body)).cannedReply,
    deleteCannedReply: (id) =>
      request<void>(`/v1/agent/canned-replies/${encodeURIComponent(id)}`, { method: 'DELETE', token }),
    assistantReport: (from, to) =>
      get<AssistantReport>(`/v1/agent/assistant/report${queryString({ from, to })}`),
    uploadAttachment: async (file, name, signal) => {
      // Bytes, not the Blob itself: a Blob body streams, which not every fetch (nor jsdom's File) supports.
      const bytes = await file.arrayBuffer();
      // The server parses only these media types; anything else goes as octet-stream and is sniffed.
      const contentType = (ATTACHMENT_TYPES as readonly string[]).includes(file.type)
        ? file.type
        : 'application/octet-stream';
      const answer = await request<AttachmentUploadResponse>('/v1/agent/attachments', {
        method: 'POST',
        token,
        raw: { bytes, contentType },
        // Header values are Latin-1; percent-encoding carries any name, e.g. 付款截图.png.
        headers: { 'x-file-name': encodeURIComponent(name) },
        timeoutMs: UPLOAD_TIMEOUT_MS,
        ...(signal ? { signal } : {}),
      });
      return answer.attachment;
    },
  };
}
