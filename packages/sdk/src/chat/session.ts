import type {
  IdentityClaim,
  Message,
  SessionReady,
  VisitorConversation,
  VisitorHandshakeAuth,
} from '@topay-support/protocol';
import { SupportError } from '../client/errors.js';
import { Connection, type ConnectionState, type VisitorSocket } from './connection.js';
import { LiveConversation } from './conversation.js';
import type { ChatHint, ChatStore } from './storage.js';
import type { ChatApi, Conversation, OpenChatRequest } from './types.js';

export interface ChatSessionOptions {
  serverUrl: string;
  merchantKey: string;
  store: ChatStore;
  identity(): IdentityClaim | undefined;
  onConnection(state: ConnectionState): void;
  onAvailability(online: boolean): void;
  onSession(session: { visitorId: string; identityRejected: boolean }): void;
}

const TOKEN = 'visitor';
const HINT = 'chat';

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
    const { conversation, messages } = await this._connection.request((s) =>
      s.emitWithAck('conversation:current'),
    );
    return conversation ? this._adopt(conversation, messages) : null;
  }

  async open(request: OpenChatRequest = {}): Promise<Conversation> {
    const { conversation, messages } = await this._connection.request((s) =>
      s.emitWithAck('conversation:open', request),
    );
    return this._adopt(conversation, messages);
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
  }

  private _adopt(snapshot: VisitorConversation, messages: Message[]): LiveConversation {
    let conversation = this._conversations.get(snapshot.id);
    if (conversation) {
      conversation.apply(snapshot);
      conversation.receive(messages);
    } else {
      conversation = new LiveConversation(snapshot, messages, {
        connection: this._connection,
        store: this._o.store,
        transcript: (id) => this._transcript(id),
        onSnapshot: (next) => this._hint(next),
      });
      this._conversations.set(snapshot.id, conversation);
      this._hint(snapshot);
      // Messages a previous page queued for this conversation go out now, in order.
      void conversation.resume();
    }
    return conversation;
  }

  private _hint(snapshot: VisitorConversation): void {
    const hint: ChatHint = { conversationId: snapshot.id, open: snapshot.status !== 'resolved' };
    this._o.store.write(HINT, hint);
  }

  private async _transcript(conversationId: string): Promise<string> {
    await this._connection.whenReady();
    const token = this._o.store.read<string>(TOKEN);
    const url = new URL(
      `/v1/visitor/conversations/${encodeURIComponent(conversationId)}/transcript`,
      this._o.serverUrl,
    );
    url.searchParams.set('merchantKey', this._o.merchantKey);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${token ?? ''}` },
        credentials: 'omit',
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new SupportError(
        'network_error',
        `could not download the transcript: ${(error as Error).message}`,
      );
    }
    if (!response.ok) {
      const code =
        response.status === 404 ? 'not_found' : response.status === 401 ? 'unauthorized' : 'network_error';
      throw new SupportError(code, `could not download the transcript (HTTP ${response.status})`, {
        status: response.status,
      });
    }
    return response.text();
  }

  private _detachAll(error?: SupportError): void {
    for (const conversation of this._conversations.values()) conversation.detach(error);
    this._conversations.clear();
  }
}
