import type {
  AgentArticle,
  AssistantReport,
  Attachment,
  Conversation,
  Locale,
  Message,
} from '@topay-support/protocol';

/** The demo agent at the other end of the widget's chat, over the agent socket and HTTP API. */
export interface AgentDesk {
  /** Signs the agent in on a socket, so the merchant is available; resolves once the settings say so. */
  online(): Promise<void>;
  /** Disconnects the agent; resolves once the settings say nobody is online. */
  offline(): Promise<void>;
  conversation(id: string): Promise<Conversation>;
  messages(id: string): Promise<Message[]>;
  reply(id: string, text: string): Promise<Message>;
  replyWithFiles(id: string, text: string, attachmentIds: string[]): Promise<Message>;
  /** Uploads a file as the agent, for `replyWithFiles`. */
  upload(name: string, bytes: Uint8Array): Promise<Attachment>;
  resolve(id: string): Promise<Conversation>;
  /** The published articles in `locale`, with their views, votes and deflections. */
  articles(locale: Locale): Promise<AgentArticle[]>;
}

export interface SupportServer {
  url: string;
  agent: AgentDesk;
  /** The admin's assistant report for the last 30 days. */
  report(): Promise<AssistantReport>;
  /** What the demo merchant's site would compute for `identify` (HMAC of the user id with its secret). */
  userHash(userId: string): string;
  /** With a model: its next answer, streamed in these chunks with a pause between them. */
  nextModelReply(chunks: string[], delayMs: number): void;
  close(): Promise<void>;
}

/**
 * A real server on port 0 (SQLite, demo seed, articles and payments). `assistant: 'first'` makes the demo
 * merchant's assistant answer first, with the built-in answerer; `model` runs the demo with a local
 * chat-completions provider that streams. `env` patches the server's configuration (e.g. rate limits).
 */
export function startSupportServer(options?: {
  assistant?: 'first';
  model?: boolean;
  env?: Record<string, string>;
}): Promise<SupportServer>;

export interface Link {
  /** The server's address through this link. */
  url: string;
  /** Closes every connection through the link and refuses new ones, as when the network drops. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** A TCP link to `serverUrl` that a test can cut and restore; the server itself is untouched. */
export function startLink(serverUrl: string): Promise<Link>;

/** A File that Node's fetch (which jsdom leaves in place) can send as a request body; jsdom's File it cannot. */
export function nodeFile(parts: BlobPart[], name: string, options?: FilePropertyBag): File;
