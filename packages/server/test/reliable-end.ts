import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  Message,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@topay-support/protocol';
import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';

interface Outgoing {
  clientId: string;
  text: string;
}

/**
 * The client side of the protocol, as every real client implements it: keep each message until it
 * is acknowledged, resend it with the same client id after any failure, and after every reconnect
 * ask for everything after the last seq seen.
 */
export class ReliableEnd<S extends Socket> {
  readonly received = new Map<string, Message>();
  /** Messages that arrived as live `message:new` events rather than through a sync. */
  live = 0;
  readonly acked: Message[] = [];
  /** Calls that failed in flight (timeout, disconnect) and were retried: proof the crashes hit live traffic. */
  retries = 0;
  #outbox: Outgoing[] = [];
  #sending = false;

  constructor(
    readonly socket: S,
    readonly conversationId: () => string,
    readonly prefix: string,
  ) {
    socket.on(
      'message:new' as never,
      ((event: { conversationId: string; message: Message }) => {
        if (event.conversationId !== this.conversationId()) return;
        this.live++;
        this.received.set(event.message.id, event.message);
      }) as never,
    );
    socket.on('connect', () => {
      void this.sync();
      void this.flush();
    });
  }

  highestContiguousSeq(): number {
    const seqs = new Set([...this.received.values()].map((m) => m.seq));
    let seq = 0;
    while (seqs.has(seq + 1)) seq++;
    return seq;
  }

  async sync(): Promise<void> {
    for (;;) {
      const result = await this.call<{ messages: Message[]; hasMore: boolean }>('messages:sync', {
        conversationId: this.conversationId(),
        afterSeq: this.highestContiguousSeq(),
      });
      if (!result) return;
      for (const message of result.messages) this.received.set(message.id, message);
      if (!result.hasMore) return;
    }
  }

  enqueue(index: number): void {
    this.#outbox.push({
      clientId: `${this.prefix}-${String(index).padStart(4, '0')}`,
      text: `${this.prefix} message ${index}`,
    });
    void this.flush();
  }

  get pending(): number {
    return this.#outbox.length;
  }

  async flush(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#outbox.length > 0 && this.socket.connected) {
        const next = this.#outbox[0]!;
        const result = await this.call<{ message: Message }>('message:send', {
          conversationId: this.conversationId(),
          ...next,
        });
        if (!result) break;
        this.acked.push(result.message);
        this.received.set(result.message.id, result.message);
        this.#outbox.shift();
      }
    } finally {
      this.#sending = false;
    }
  }

  private async call<T>(event: string, payload: unknown): Promise<T | undefined> {
    try {
      const result = (await (this.socket as unknown as Socket)
        .timeout(2000)
        .emitWithAck(event, payload)) as Ack<T>;
      if (result.ok) return result.data;
      if (result.error.code === 'rate_limited')
        await new Promise((r) => setTimeout(r, result.error.retryAfterMs ?? 100));
      else throw new Error(`${event} refused: ${result.error.code} ${result.error.message}`);
    } catch (error) {
      if (error instanceof Error && error.message.includes('refused')) throw error;
      // Timeout or disconnect: the message stays in the outbox and goes again after reconnecting.
      this.retries++;
    }
    return undefined;
  }
}

/**
 * The zero-loss verdict after both ends sent `perSide` messages and synced: on each side, seqs run
 * 1..2×perSide without gaps, each client id is stored once, each sender's messages are in the order
 * sent, and every acknowledged message is the one both sides hold.
 */
export function expectExactlyOnceInOrder(
  visitor: ReliableEnd<Socket>,
  agent: ReliableEnd<Socket>,
  perSide: number,
): void {
  for (const side of [visitor, agent]) {
    const messages = [...side.received.values()].sort((a, b) => a.seq - b.seq);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 2 * perSide }, (_, i) => i + 1));
    expect(new Set(messages.map((m) => `${m.author.type}:${m.clientId}`)).size).toBe(2 * perSide);
    for (const type of ['visitor', 'agent'] as const) {
      const texts = messages.filter((m) => m.author.type === type).map((m) => m.text);
      expect(texts).toEqual(Array.from({ length: perSide }, (_, i) => `${type} message ${i}`));
    }
  }
  for (const message of [...visitor.acked, ...agent.acked]) {
    expect(visitor.received.get(message.id)).toEqual(message);
    expect(agent.received.get(message.id)).toEqual(message);
  }
}

export interface ReliableChat {
  visitor: ReliableEnd<Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>>;
  agent: ReliableEnd<Socket<AgentServerToClientEvents, AgentClientToServerEvents>>;
  close(): void;
}

/**
 * The demo agent (logged in through `agentUrl`) and a new visitor (through `visitorUrl`), both
 * reconnecting quickly on their own, in one new payment conversation. The visitor keeps its token
 * across reconnects, as the SDK stores it, so a restarted server knows it again.
 */
export async function openReliableChat(options: {
  visitorUrl: string;
  agentUrl: string;
  password: string;
  reconnectionDelayMax: number;
}): Promise<ReliableChat> {
  const login = await fetch(`${options.agentUrl}/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@demo.test', password: options.password }),
  });
  if (login.status !== 200) throw new Error(`agent login answered ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const socketOptions = {
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: options.reconnectionDelayMax,
  };
  const agentSocket: Socket<AgentServerToClientEvents, AgentClientToServerEvents> = io(
    `${options.agentUrl}/agent`,
    { ...socketOptions, auth: { token } },
  );
  const visitorAuth: { merchantKey: string; visitorToken?: string } = { merchantKey: 'pk_demo' };
  const visitorSocket: Socket<VisitorServerToClientEvents, VisitorClientToServerEvents> = io(
    `${options.visitorUrl}/visitor`,
    { ...socketOptions, auth: visitorAuth },
  );
  const close = () => {
    agentSocket.disconnect();
    visitorSocket.disconnect();
  };
  // Listen before anything can arrive: the two sessions may become ready in either order.
  const sessionsReady = Promise.all([
    new Promise((resolve) => agentSocket.once('session:ready', resolve)),
    new Promise((resolve) => visitorSocket.once('session:ready', resolve)),
  ]);
  visitorSocket.on('session:ready', (session) => {
    if (session.visitorToken) visitorAuth.visitorToken = session.visitorToken;
  });
  try {
    await sessionsReady;
    const opened = await visitorSocket.emitWithAck('conversation:open', {
      topic: 'payment',
      email: 'buyer@example.com',
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const conversationId = opened.data.conversation.id;
    return {
      visitor: new ReliableEnd(visitorSocket, () => conversationId, 'visitor'),
      agent: new ReliableEnd(agentSocket, () => conversationId, 'agent'),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/** Waits (up to 30 s) until both outboxes are empty, nudging them, and checks that they are. */
export async function settleOutboxes(chat: Pick<ReliableChat, 'visitor' | 'agent'>): Promise<void> {
  const { visitor, agent } = chat;
  const deadline = Date.now() + 30_000;
  while ((visitor.pending > 0 || agent.pending > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    void visitor.flush();
    void agent.flush();
  }
  expect({ visitor: visitor.pending, agent: agent.pending }).toEqual({ visitor: 0, agent: 0 });
}
