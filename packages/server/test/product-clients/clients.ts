import type { Message } from '@topay-support/protocol';
import { expect } from 'vitest';
import { createAgentApi } from '../../../console/src/agent-api.js';
import { createApi, createRequester } from '../../../console/src/api.js';
import { createLocaleModel } from '../../../console/src/features/locale/model.js';
import { createSocketTransport } from '../../../console/src/features/realtime/socket-transport.js';
import { createWorkspace, type Workspace } from '../../../console/src/features/workspace/model.js';
import type { KeyValueStorage } from '../../../sdk/src/chat/storage.js';
import type { Conversation } from '../../../sdk/src/chat/types.js';
import { createSupportClient, type SupportClient } from '../../../sdk/src/client/client.js';
import { memoryStorage } from '../../../sdk/test/memory-storage.js';

// The product's own clients, as shipped: the SDK's chat session (persisted outbox, resend with the same
// client id, sync after every reconnect) for the visitor, and the console's workspace (socket transport,
// outbox, realtime wiring, conversation model) for the agent. Nothing here sends a message itself.

/** A visitor as the SDK serves one page: a client over `storage`, which outlives a reload. */
export interface Visitor {
  client: SupportClient;
  conversation: Conversation;
  storage: KeyValueStorage;
  /** The page's `send()` promises: each resolves once the server acknowledged the message. */
  acked: Promise<Message>[];
}

/** Opens a new payment conversation from a new visitor with the SDK. */
export async function openVisitor(serverUrl: string): Promise<Visitor> {
  const storage = memoryStorage();
  const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl, storage });
  // With nobody online a new conversation needs an email; the console below may not be connected yet.
  const conversation = await client.chat.open({ topic: 'payment', email: 'buyer@example.com' });
  return { client, conversation, storage, acked: [] };
}

/**
 * The visitor reloads the page: the old client goes (its unacknowledged `send()`s reject, their entries stay
 * in storage) and a new one over the same storage resumes the conversation, whose stored outbox it resends.
 * Resolves once the server is back and the new page holds the conversation.
 */
export async function reloadVisitor(visitor: Visitor, serverUrl: string): Promise<Visitor> {
  for (const sent of visitor.acked) sent.catch(() => undefined);
  visitor.client.close();
  const client = createSupportClient({ merchantKey: 'pk_demo', serverUrl, storage: visitor.storage });
  const conversation = await resumeWhenBack(client);
  if (conversation.id !== visitor.conversation.id) throw new Error('the reloaded page resumed another chat');
  return { client, conversation, storage: visitor.storage, acked: [] };
}

async function resumeWhenBack(client: SupportClient): Promise<Conversation> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const conversation = await client.chat.current();
      if (conversation) return conversation;
      throw new Error('the reloaded page found no conversation');
    } catch (error) {
      // `network_error` while the server is still down: the page would try again, as does the widget.
      if (Date.now() > deadline || (error as { code?: string }).code !== 'network_error') throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** An agent signed in to the console with the conversation open, as after clicking it in the inbox. */
export interface Agent {
  workspace: Workspace;
  conversationId: string;
  close(): void;
}

/** Signs the demo agent in through the console's API and opens `conversationId` in its workspace. */
export async function openConsole(baseUrl: string, password: string, conversationId: string): Promise<Agent> {
  const { token, agent } = await createApi(baseUrl).login({ email: 'agent@demo.test', password });
  const workspace = createWorkspace({
    agent,
    api: createAgentApi(createRequester(baseUrl), token),
    transport: createSocketTransport({
      baseUrl,
      token,
      onUnauthorized: () => {
        throw new Error('the console was signed out');
      },
    }),
    locale: createLocaleModel('en', undefined),
    document,
    notificationApi: undefined,
    baseUrl,
  });
  workspace.select(conversationId);
  const deadline = Date.now() + 10_000;
  while (workspace.transport.state.peek() !== 'connected' || workspace.current.peek()?.loading.peek()) {
    if (Date.now() > deadline) throw new Error('the console did not connect and load the conversation');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The agent takes the conversation, as from the inbox: a person has it, so the assistant stays out of it.
  const model = workspace.current.peek();
  await model?.act('claim');
  if (model?.conversation.peek()?.assignee?.id !== agent.id)
    throw new Error(`the console could not claim the conversation: ${model?.actionError.peek()?.message}`);
  return { workspace, conversationId, close: () => workspace.dispose() };
}

/** Writes a reply in the console's conversation, as the composer does on Enter. */
export function agentSends(agent: Agent, text: string): void {
  agent.workspace.outbox.send(agent.conversationId, text, false);
}

/** What the agent sees of the conversation. */
export function agentMessages(agent: Agent): readonly Message[] {
  return agent.workspace.current.peek()?.messages.peek() ?? [];
}

/** Replies still in the console's outbox, sending or failed. */
export function agentPending(agent: Agent): number {
  return agent.workspace.outbox.entries.peek().length;
}

export const visitorText = (i: number) => `visitor message ${i}`;
export const agentText = (i: number) => `agent message ${i}`;

/** Waits (up to 30 s) until at most `left` messages wait in each outbox: traffic is flowing, some still queued. */
export async function drainedTo(visitor: Visitor, agent: Agent, left: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (visitor.conversation.pending.length > left || agentPending(agent) > left) {
    if (Date.now() > deadline) throw new Error(`the outboxes did not drain to ${left}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Waits (up to 45 s) until both outboxes are empty and each side holds the last of 2×perSide messages. The
 * clients recover by themselves (reconnect, resend, sync); this only watches.
 */
export async function settle(visitor: Visitor, agent: Agent, perSide: number): Promise<void> {
  const deadline = Date.now() + 45_000;
  const state = () => ({
    visitorPending: visitor.conversation.pending.length,
    agentPending: agentPending(agent),
    visitorLastSeq: visitor.conversation.history.at(-1)?.seq ?? 0,
    agentLastSeq: agentMessages(agent).at(-1)?.seq ?? 0,
  });
  const done = { visitorPending: 0, agentPending: 0, visitorLastSeq: 2 * perSide, agentLastSeq: 2 * perSide };
  while (Date.now() < deadline) {
    const now = state();
    if (now.visitorPending === 0 && now.agentPending === 0 && now.visitorLastSeq >= 2 * perSide) {
      if (now.agentLastSeq >= 2 * perSide) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(state()).toEqual(done);
}

/**
 * The zero-loss verdict after each side sent `perSide` messages: the server stores 2×perSide messages, seqs
 * 1..2×perSide without gaps, each client id once, each sender's messages in the order written; the agent's
 * console holds exactly that list, and so do the visitor's pages together. A reloaded page starts from the
 * latest page of history (by design), so each page must hold an unbroken run of the server's list, the runs
 * must join up from seq 1, and the last page must reach the end.
 */
export async function expectExactlyOnceInOrder(
  pages: readonly Visitor[],
  agent: Agent,
  serverUrl: string,
  password: string,
  perSide: number,
): Promise<void> {
  const stored = await storedMessages(serverUrl, password, agent.conversationId);
  const seen = (messages: readonly Message[]) =>
    messages.map((m) => ({
      id: m.id,
      seq: m.seq,
      clientId: m.clientId,
      author: m.author.type,
      text: m.text,
    }));
  const server = seen(stored);
  expect(server.map((m) => m.seq)).toEqual(Array.from({ length: 2 * perSide }, (_, i) => i + 1));
  expect(new Set(server.map((m) => `${m.author}:${m.clientId}`)).size).toBe(2 * perSide);
  expect(server.filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual(
    Array.from({ length: perSide }, (_, i) => visitorText(i)),
  );
  expect(server.filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(
    Array.from({ length: perSide }, (_, i) => agentText(i)),
  );
  expect(seen(agentMessages(agent))).toEqual(server);
  let covered = 0;
  for (const page of pages) {
    const held = seen(page.conversation.history);
    const first = held[0]?.seq ?? covered + 1;
    expect(held).toEqual(server.slice(first - 1, first - 1 + held.length));
    expect(first).toBeLessThanOrEqual(covered + 1);
    covered = Math.max(covered, held.at(-1)?.seq ?? 0);
  }
  expect(covered).toBe(2 * perSide);
}

/** Every stored message of the conversation, through the agent HTTP API (a fresh sign-in, no client state). */
async function storedMessages(
  serverUrl: string,
  password: string,
  conversationId: string,
): Promise<Message[]> {
  const { token } = await createApi(serverUrl).login({ email: 'agent@demo.test', password });
  const api = createAgentApi(createRequester(serverUrl), token);
  const messages: Message[] = [];
  for (;;) {
    const page = await api.messages(conversationId, messages.at(-1)?.seq ?? 0);
    if (page.length === 0) return messages;
    messages.push(...page);
  }
}
