import type { Message, OpenConversationRequest, VisitorConversation } from '@topay-support/protocol';
// Relative, as in server.ts: the server's own test helpers, so both suites make accounts and
// visitors the same way.
import { computeUserHash } from '../../server/src/features/chat/identity.js';
import type { AgentRecord } from '../../server/src/storage/agents.js';
import type { MerchantRecord } from '../../server/src/storage/merchants.js';
import { call, createAgent, createMerchant, login } from '../../server/test/agent-accounts.js';
import {
  connectVisitor,
  type VisitorSocket,
  clientId as visitorClientId,
} from '../../server/test/sockets-helpers.js';
import { TOKEN_STORAGE_KEY } from '../src/features/auth/token-store.js';
import type { TestServer } from './server.js';

export {
  connectVisitor as connectVisitorSocket,
  disconnectAll,
  type VisitorSocket,
} from '../../server/test/sockets-helpers.js';

export interface Account {
  agent: AgentRecord;
  email: string;
  password: string;
}

/** A merchant of its own with one agent: each test starts from an empty inbox, whatever ran before. */
export interface Team {
  merchant: MerchantRecord;
  me: Account;
}

export async function createTeam(
  server: TestServer,
  settings: Partial<MerchantRecord['settings']> = {},
): Promise<Team> {
  const merchant = await createMerchant(server.storage, settings);
  return { merchant, me: await createAgent(server.storage, merchant) };
}

/** Another person on the same team. */
export function addAgent(server: TestServer, team: Team, role: 'agent' | 'admin' = 'agent') {
  return createAgent(server.storage, team.merchant, role);
}

/**
 * Signs `account` in through the real login endpoint and leaves the token where the console keeps it,
 * as a page signed in before a reload has it: the console then starts signed in (via /v1/agent/me).
 * The login form itself is tested in auth.test.tsx.
 */
export async function storeSession(server: TestServer, account: Account): Promise<void> {
  const answer = await login(server.baseUrl, { email: account.email, password: account.password });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
  sessionStorage.setItem(
    TOKEN_STORAGE_KEY,
    JSON.stringify({ token: answer.body.token, expiresAt: answer.body.expiresAt }),
  );
}

/**
 * Another agent at work elsewhere, through the real HTTP API (claiming, reading presence), so the
 * console under test sees what colleagues do only as the server tells it.
 */
export async function colleagueApi(server: TestServer, account: Account) {
  const answer = await login(server.baseUrl, { email: account.email, password: account.password });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
  const { token } = answer.body;
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const result = await call<T>(server.baseUrl, method, path, {
      token,
      ...(body === undefined ? {} : { body }),
    });
    if (result.status >= 300)
      throw new Error(`${method} ${path}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  };
}

export interface VisitorChat {
  socket: VisitorSocket;
  visitorId: string;
  conversation: VisitorConversation;
  /** Sends as the visitor and waits for the server's ack; `clientId` as the widget would make it. */
  send(text: string, clientId?: string, attachmentIds?: string[]): Promise<Message>;
  /** Uploads a file as the widget does (HTTP, the visitor's token); resolves with its id. */
  upload(bytes: Uint8Array, name: string): Promise<string>;
  /** Every message the visitor's socket has received, in order. */
  received: Message[];
}

/**
 * A visitor of `team` on a real `/visitor` socket with a conversation open, named as a pre-chat form
 * (or an identity verified by the merchant's secret) names them. Without an email the server opens a
 * conversation only while an agent is online: sign the console in first.
 */
export async function startVisitorChat(
  server: TestServer,
  team: Team,
  request: OpenConversationRequest & { identity?: { userId: string; name?: string; email?: string } } = {},
): Promise<VisitorChat> {
  const { identity, ...open } = request;
  const { socket, session } = await connectVisitor(server.baseUrl, {
    merchantKey: team.merchant.key,
    ...(identity
      ? { identity: { ...identity, userHash: computeUserHash(team.merchant.secret, identity.userId) } }
      : {}),
  });
  const received: Message[] = [];
  socket.on('message:new', ({ message }) => received.push(message));
  const opened = await socket.timeout(5_000).emitWithAck('conversation:open', { topic: 'payment', ...open });
  if (!opened.ok) throw new Error(`conversation:open refused: ${opened.error.code}: ${opened.error.message}`);
  const conversationId = opened.data.conversation.id;
  return {
    socket,
    visitorId: session.visitorId ?? '',
    conversation: opened.data.conversation,
    received,
    async send(text, clientId = visitorClientId(), attachmentIds) {
      const sent = await socket.timeout(5_000).emitWithAck('message:send', {
        conversationId,
        clientId,
        text,
        ...(attachmentIds ? { attachmentIds } : {}),
      });
      if (!sent.ok) throw new Error(`message:send refused: ${sent.error.code}: ${sent.error.message}`);
      return sent.data.message;
    },
    async upload(bytes, name) {
      const response = await fetch(
        `${server.baseUrl}/v1/visitor/attachments?merchantKey=${team.merchant.key}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${session.visitorToken}`,
            'content-type': 'application/octet-stream',
            'x-file-name': encodeURIComponent(name),
          },
          body: new Uint8Array(bytes),
        },
      );
      if (response.status !== 201)
        throw new Error(`upload refused: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { attachment: { id: string } }).attachment.id;
    },
  };
}
