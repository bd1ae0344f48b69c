import {
  type Attachment,
  type IdentityClaim,
  isApiErrorBody,
  type Message,
  type SessionReady,
  type VisitorConversation,
  type VisitorHandshakeAuth,
} from '@topay-support/protocol';
import { type SdkErrorCode, SupportError } from '../client/errors.js';
import { absoluteAttachment, checkUpload, type UploadFile, type UploadOptions } from './attachments.js';
import { Connection, type ConnectionState, type VisitorSocket } from './connection.js';
import { LiveConversation } from './conversation.js';
import { toSupportError } from './errors.js';
import { Outbox } from './outbox.js';
import { type ChatHint, type ChatStore, otherConversations } from './storage.js';
import type { ChatApi, Conversation, ConversationSummary, OpenChatRequest } from './types.js';

export interface ChatSessionOptions {
  serverUrl: string;
  merchantKey: string;
  store: ChatStore;
  /** A "continue the chat" link's token: the session is that conversation only (docs/email.md). */
  continueToken?: string | undefined;
  identity(): IdentityClaim | undefined;
  onConnection(state: ConnectionState): void;
  onAvailability(online: boolean): void;
  onSession(session: { visitorId: string; identityRejected: boolean }): void;
}

const TOKEN = 'visitor';
// For answers without the JSON error body (a proxy's 413, say).
const STATUS_CODES: Record<number, SdkErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'too_large',
  429: 'rate_limited',
};
const HINT = 'chat';
// How many other conversations the hint remembers for their queued messages.
const OTHERS = 10;

/**
 * The visitor's chat over one socket: conversations by id, the stored visitor token, and the recovery after
 * every reconnect. Loaded lazily by `client.chat`, with socket.io-client, so it never weighs on pages that
 * do not chat.
 */
export class ChatSession implements ChatApi {
  private readonly _o: ChatSessionOptions;
  private readonly _connection: Connection;
  private readonly _conversations = new Map<string, LiveConversation>();
  private _visitorId: string | undefined;
  /** The conversation the visitor is looking at: only its changes move the hint. */
  private _active: string | undefined;

  constructor(options: ChatSessionOptions) {
    this._o = options;
    this._connection = new Connection({
      serverUrl: options.serverUrl,
      auth: () => this._auth(),
      attach: (socket) => this._attach(socket),
      onState: options.onConnection,
      onReady: (session) => this._ready(session),
      onRefused: (error) => {
        for (const c of this._conversations.values()) c.refuse(error);
      },
    });
  }

  async current(): Promise<Conversation | null> {
    const id = this._o.store.read<ChatHint>(HINT)?.conversationId;
    // The one this browser had open, while it is still this visitor's; else the server's latest.
    if (typeof id === 'string') {
      try {
        return await this.switchTo(id);
      } catch (error) {
        if (toSupportError(error).code !== 'not_found') throw error;
      }
    }
    const { conversation, messages } = await this._connection.request((s) =>
      s.emitWithAck('conversation:current'),
    );
    return conversation ? this._adopt(conversation, messages, true) : null;
  }

  async open(request: OpenChatRequest = {}): Promise<Conversation> {
    const { conversation, messages } = await this._connection.request((s) =>
      s.emitWithAck('conversation:open', request),
    );
    return this._adopt(conversation, messages, true);
  }

  async list(): Promise<ConversationSummary[]> {
    return (await this._connection.request((s) => s.emitWithAck('conversations:list'))).conversations;
  }

  switchTo(conversationId: string): Promise<Conversation> {
    return this._join(conversationId, true);
  }

  /**
   * The visitor token of this session once the server has accepted it (connecting first if needed), for the
   * HTTP calls that act as this visitor outside the socket (`client.payments.list`).
   */
  async visitorToken(): Promise<string | undefined> {
    await this._connection.whenReady();
    return this._o.store.read<string>(TOKEN);
  }

  /** The identity changed: connect again with it (the server may then answer as another visitor). */
  reauthenticate(): void {
    this._connection.reconnect();
  }

  /** Forgets the visitor: every conversation goes stale and the next use starts an anonymous visitor. */
  forget(): void {
    this._detachAll();
    this._visitorId = undefined;
    this._connection.stop();
  }

  close(): void {
    this._detachAll(new SupportError('network_error', 'the support client is closed'));
    this._connection.close();
  }

  private _auth(): VisitorHandshakeAuth {
    const auth: VisitorHandshakeAuth = { merchantKey: this._o.merchantKey };
    if (this._o.continueToken) {
      auth.continueToken = this._o.continueToken;
      return auth;
    }
    const token = this._o.store.read<string>(TOKEN);
    if (typeof token === 'string') auth.visitorToken = token;
    const identity = this._o.identity();
    if (identity) auth.identity = identity;
    return auth;
  }

  private _attach(socket: VisitorSocket): void {
    socket.on('message:new', ({ conversationId, message }) =>
      this._conversations.get(conversationId)?.receive([message]),
    );
    socket.on('conversation:updated', ({ conversation }) =>
      this._conversations.get(conversation.id)?.apply(conversation),
    );
    socket.on('typing', (event) => this._conversations.get(event.conversationId)?.agentTyping(event));
    socket.on('assistant:draft', (event) =>
      this._conversations.get(event.conversationId)?.assistantDraft(event),
    );
    socket.on('availability', ({ online }) => this._o.onAvailability(online));
  }

  private _ready(session: SessionReady): void {
    if (session.visitorToken) this._o.store.write(TOKEN, session.visitorToken);
    const visitorId = session.visitorId ?? '';
    // Another visitor now (a new identity, a rejected one, an expired token): old conversations are not theirs.
    if (this._visitorId !== undefined && visitorId !== this._visitorId) this._detachAll();
    this._visitorId = visitorId;
    this._o.onSession({ visitorId, identityRejected: session.identityRejected === true });
    for (const conversation of this._conversations.values()) void conversation.resume();
    // Messages queued in another of the visitor's conversations (before a reload) go out into that one.
    for (const id of otherConversations(this._o.store.read<ChatHint>(HINT))) {
      if (!this._conversations.has(id) && new Outbox(this._o.store, id).entries().length > 0)
        this._join(id, false).catch(() => {});
    }
  }

  private async _join(conversationId: string, activate: boolean): Promise<LiveConversation> {
    const { conversation, messages } = await this._connection.request((s) =>
      s.emitWithAck('conversation:join', { conversationId }),
    );
    return this._adopt(conversation, messages, activate);
  }

  /** `activate`: the visitor now looks at this conversation (open, switch, current). */
  private _adopt(snapshot: VisitorConversation, messages: Message[], activate = false): LiveConversation {
    if (activate) this._active = snapshot.id;
    let conversation = this._conversations.get(snapshot.id);
    if (conversation) {
      conversation.apply(snapshot);
      conversation.receive(messages);
    } else {
      conversation = new LiveConversation(snapshot, messages, {
        connection: this._connection,
        store: this._o.store,
        serverUrl: this._o.serverUrl,
        transcript: (id) => this._transcript(id),
        upload: (file, options) => this.upload(file, options),
        onSnapshot: (next) => this._hint(next, false),
      });
      this._conversations.set(snapshot.id, conversation);
      // Messages a previous page queued for this conversation go out now, in order.
      void conversation.resume();
    }
    this._hint(snapshot, activate);
    return conversation;
  }

  private _hint(snapshot: VisitorConversation, activate: boolean): void {
    const before = this._o.store.read<ChatHint>(HINT);
    if (!activate && before && snapshot.id !== this._active) return;
    const others = [before?.conversationId, ...otherConversations(before)].filter(
      (id, i, all): id is string => typeof id === 'string' && id !== snapshot.id && all.indexOf(id) === i,
    );
    const hint: ChatHint = {
      conversationId: snapshot.id,
      open: snapshot.status !== 'resolved',
      others: others.slice(0, OTHERS),
    };
    this._o.store.write(HINT, hint);
  }

  private _transcript(conversationId: string): Promise<string> {
    return this._http(
      `/v1/visitor/conversations/${encodeURIComponent(conversationId)}/transcript`,
      {},
      'download the transcript',
      (response) => response.text(),
    );
  }

  /** Uploads go over HTTP with the visitor's token: file bytes never pass through the socket or the outbox. */
  async upload(file: UploadFile, options: UploadOptions = {}): Promise<Attachment> {
    checkUpload(file);
    const { attachment } = await this._http(
      '/v1/visitor/attachments',
      {
        method: 'POST',
        headers: {
          // checkUpload let through only the accepted types or none; the server sniffs the bytes either way.
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name || 'file'),
        },
        body: file,
      },
      'upload the file',
      (response) => response.json() as Promise<{ attachment: Attachment }>,
      // 10 MB over a slow mobile link takes a while; a stalled upload still ends.
      120_000,
      options.signal,
    );
    return absoluteAttachment(attachment, this._o.serverUrl);
  }

  /** One visitor HTTP request with the socket session's token; every failure becomes a `SupportError`. */
  private async _http<T>(
    path: string,
    init: RequestInit,
    what: string,
    read: (response: Response) => Promise<T>,
    timeoutMs = 15_000,
    signal?: AbortSignal,
  ): Promise<T> {
    await this._connection.whenReady();
    const token = this._o.store.read<string>(TOKEN);
    const url = new URL(path, this._o.serverUrl);
    url.searchParams.set('merchantKey', this._o.merchantKey);
    // One controller for the caller's abort and the timeout (AbortSignal.any is too new for some browsers).
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, timeoutMs);
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort);
    try {
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token ?? ''}` },
          credentials: 'omit',
          signal: controller.signal,
        });
      } catch (error) {
        throw new SupportError('network_error', `could not ${what}: ${(error as Error).message}`);
      }
      if (response.ok) return await read(response);
      const body: unknown = await response.json().catch(() => undefined);
      const retryAfter = Number(response.headers.get('retry-after'));
      const extra = {
        status: response.status,
        ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      };
      if (isApiErrorBody(body)) throw new SupportError(body.error.code, body.error.message, extra);
      throw new SupportError(
        STATUS_CODES[response.status] ?? 'network_error',
        `could not ${what} (HTTP ${response.status})`,
        extra,
      );
    } catch (error) {
      throw toSupportError(error);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    }
  }

  private _detachAll(error?: SupportError): void {
    for (const conversation of this._conversations.values()) conversation.detach(error);
    this._conversations.clear();
  }
}
