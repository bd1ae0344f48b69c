import type { AssistantReport, Conversation } from '@topay-support/protocol';

export interface AssistantServer {
  url: string;
  /** The conversation as the agent HTTP API shows it. */
  agentConversation(id: string): Promise<Conversation>;
  /** The admin's assistant report for the last 30 days. */
  report(): Promise<AssistantReport>;
  close(): Promise<void>;
}

/** A real server on port 0 (SQLite, demo seed and articles) whose demo merchant's assistant answers first. */
export function startAssistantServer(): Promise<AssistantServer>;
