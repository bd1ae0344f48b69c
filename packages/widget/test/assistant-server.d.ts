import type { AssistantReport, Conversation } from '@topay-support/protocol';

export interface AssistantServer {
  url: string;
  /** The conversation as the agent HTTP API shows it. */
  agentConversation(id: string): Promise<Conversation>;
  /** With a model: its next answer, streamed in these chunks with a pause between them. */
  nextModelReply(chunks: string[], delayMs: number): void;
  /** The admin's assistant report for the last 30 days. */
  report(): Promise<AssistantReport>;
  close(): Promise<void>;
}

/**
 * A real server on port 0 (SQLite, demo seed and articles) whose demo merchant's assistant answers first:
 * with the built-in answerer, or with `model` through a local chat-completions provider that streams.
 */
export function startAssistantServer(options?: { model?: boolean }): Promise<AssistantServer>;
