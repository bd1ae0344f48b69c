import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Ack } from '@topay-support/protocol';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { computeUserHash } from '../src/features/chat/identity.js';
import { createServer, type TopayServer } from '../src/server.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';
import { DEMO_PASSWORD, startTestServer, TEST_SECRET, type TestServer } from './helpers.js';
import { redisTestUrl } from './redis-service.js';
import { disconnectAll, type VisitorSocket } from './sockets-helpers.js';

// Every server here runs at the default limits: no RATE_LIMIT_* is raised. The attacker sits at one
// address (this process, 127.0.0.1), takes a new visitor identity for every try and forges
// X-Forwarded-For; the limits must catch them within 30 tries, with and without a trusted proxy.

const GUESSES = 30;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const identity = { userId: 'demo-user-1', userHash: computeUserHash('sk_demo_secret', 'demo-user-1') };

let forgedCount = 0;
/** A leftmost X-Forwarded-For value the client made up, different every time. */
function forged(): string {
  forgedCount++;
  return forgedCount % 2 === 0
    ? `198.51.100.${forgedCount % 250}`
    : `2001:db8:ffff:${forgedCount.toString(16)}::${forgedCount.toString(16)}`;
}

/** A visitor socket (a new identity each call) whose handshake carries `xff` as X-Forwarded-For. */
async function visitorThrough(url: string, xff: string | undefined, auth: Record<string, unknown> = {}) {
  const socket: VisitorSocket = io(`${url}/visitor`, {
    auth: { merchantKey: 'pk_demo', ...auth },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: xff ? { 'x-forwarded-for': xff } : {},
  });
  const session = await new Promise<{ visitorToken?: string }>((resolve, reject) => {
    socket.once('session:ready', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, token: session.visitorToken as string };
}

const sockets: VisitorSocket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  disconnectAll();
});

async function lookup(url: string, body: { reference: string; email: string }, xff?: string, token?: string) {
  const started = performance.now();
  const response = await fetch(`${url}/v1/payments/lookup?merchantKey=pk_demo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(xff ? { 'x-forwarded-for': xff } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { error?: { code: string; message: string } };
  return {
    status: response.status,
    code: json.error?.code ?? 'ok',
    json,
    retryAfter: Number(response.headers.get('retry-after')),
    ms: performance.now() - started,
  };
}

/**
 * Guesses payment references over HTTP, a new visitor and a new forged leftmost X-Forwarded-For
 * each time, with `realHops` (what a trusted proxy appends) after it; returns the try that was
 * refused with rate_limited, or undefined.
 */
async function guessOverHttp(url: string, realHops?: string): Promise<number | undefined> {
  for (let attempt = 1; attempt <= GUESSES; attempt++) {
    const xff = realHops ? `${forged()}, ${realHops}` : forged();
    const visitor = await visitorThrough(url, xff);
    sockets.push(visitor.socket);
    const result = await lookup(
      url,
      { reference: `guess-${randomUUID()}`, email: 'buyer@example.com' },
      xff,
      visitor.token,
    );
    if (result.code === 'rate_limited') {
      expect(result.status).toBe(429);
      expect(result.retryAfter).toBeGreaterThan(0);
      return attempt;
    }
    expect(result.code).toBe('payment_not_found');
  }
  return undefined;
}

/** The same guessing through the chat ("ask about this payment"), over a new visitor socket each time. */
async function guessOverSocket(url: string, realHops?: string): Promise<number | undefined> {
  for (let attempt = 1; attempt <= GUESSES; attempt++) {
    const { socket } = await visitorThrough(url, realHops ? `${forged()}, ${realHops}` : forged());
    sockets.push(socket);
    const ack = (await socket.emitWithAck('conversation:open', {
      payment: { reference: `guess-${randomUUID()}`, email: 'buyer@example.com' },
    })) as Ack<unknown>;
    socket.disconnect();
    if (ack.ok) throw new Error('a guessed reference was accepted');
    if (ack.error.code === 'rate_limited') {
      expect(ack.error.retryAfterMs).toBeGreaterThan(0);
      return attempt;
    }
    expect(ack.error.code).toBe('not_found');
  }
  return undefined;
}

/** `count` votes from `xff`; returns the statuses. */
async function vote(url: string, count: number, xff: () => string | undefined) {
  const { article } = (await (
    await fetch(`${url}/v1/help/articles/refunds?merchantKey=pk_demo&locale=en`)
  ).json()) as { article: { id: string } };
  const statuses: number[] = [];
  let retryAfter = 0;
  for (let i = 0; i < count; i++) {
    const value = xff();
    const response = await fetch(`${url}/v1/help/articles/${article.id}/feedback?merchantKey=pk_demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(value ? { 'x-forwarded-for': value } : {}) },
      body: JSON.stringify({ kind: 'vote', helpful: true }),
    });
    statuses.push(response.status);
    if (response.status === 429) {
      expect(await response.json()).toMatchObject({ error: { code: 'rate_limited' } });
      retryAfter = Number(response.headers.get('retry-after'));
    }
  }
  return { statuses, retryAfter };
}

describe('without TRUST_PROXY: X-Forwarded-For is ignored', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('throttles payment guessing over HTTP within 30 tries, whatever the visitor and the forged header', async () => {
    const refusedAt = await guessOverHttp(t.url);
    expect(refusedAt).toBeDefined();
    expect(refusedAt).toBeLessThanOrEqual(GUESSES);
    // The right answer is refused too now: the address, not the visitor, is out of tries.
    const visitor = await visitorThrough(t.url, forged());
    sockets.push(visitor.socket);
    const right = await lookup(
      t.url,
      { reference: 'demo-failed', email: 'buyer@example.com' },
      forged(),
      visitor.token,
    );
    expect(right.code).toBe('rate_limited');
  }, 60_000);

  it('throttles uploads from one address, whatever the visitor', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < GUESSES && !limited; i++) {
      const visitor = await visitorThrough(t.url, forged());
      sockets.push(visitor.socket);
      const response = await fetch(`${t.url}/v1/visitor/attachments?merchantKey=pk_demo`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${visitor.token}`,
          'content-type': 'application/octet-stream',
          'x-forwarded-for': forged(),
        },
        body: PNG,
      });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(limited).toBeDefined();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited?.json()).toMatchObject({ error: { code: 'rate_limited' } });
  }, 60_000);

  it('throttles help-article votes from one address', async () => {
    const { statuses, retryAfter } = await vote(t.url, 21, forged);
    expect(statuses.slice(0, 20).every((status) => status === 204)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(retryAfter).toBeGreaterThan(0);
  });
});

describe('a burst of parallel guesses', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('answers no more guesses than the limit, however many arrive at once', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < GUESSES; i++) {
      const visitor = await visitorThrough(t.url, forged());
      sockets.push(visitor.socket);
      tokens.push(visitor.token);
    }
    const results = await Promise.all(
      tokens.map((token) =>
        lookup(t.url, { reference: `guess-${randomUUID()}`, email: 'buyer@example.com' }, forged(), token),
      ),
    );
    const codes = results.map((result) => result.code);
    expect(codes.filter((code) => code === 'payment_not_found')).toHaveLength(20);
    expect(codes.filter((code) => code === 'rate_limited')).toHaveLength(GUESSES - 20);
  }, 60_000);
});

describe('without TRUST_PROXY, over the socket handshake', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('throttles guessing through the chat within 30 tries, and HTTP shares that budget', async () => {
    const refusedAt = await guessOverSocket(t.url);
    expect(refusedAt).toBeDefined();
    expect(refusedAt).toBeLessThanOrEqual(GUESSES);
    const http = await lookup(t.url, { reference: 'demo-failed', email: 'buyer@example.com' }, forged());
    expect(http.code).toBe('rate_limited');
  }, 60_000);
});

for (const [name, trustProxy] of [
  ['a hop count', '2'],
  ['a CIDR list', '127.0.0.0/8, 10.0.0.0/8, fd00::/8'],
] as const) {
  // The test client is the proxy at 127.0.0.1; a second proxy at 10.1.2.3 (or fd00::7) forwarded
  // for the real client. Leftmost values are what the client itself sent.
  describe(`with TRUST_PROXY=${name}: the real client is the last untrusted hop`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ env: { TRUST_PROXY: trustProxy } });
    });
    afterAll(() => t.close());

    it('throttles one real client over HTTP within 30 tries, and not another one', async () => {
      const refusedAt = await guessOverHttp(t.url, '203.0.113.7, 10.1.2.3');
      expect(refusedAt).toBeDefined();
      expect(refusedAt).toBeLessThanOrEqual(GUESSES);
      // The proxy's own address is not what is counted: another client behind it still gets answers.
      const other = await lookup(
        t.url,
        { reference: 'demo-failed', email: 'buyer@example.com' },
        `${forged()}, 203.0.113.8, 10.1.2.3`,
      );
      expect(other.code).toBe('ok');
      // The same client as the socket peer's address mapped into IPv6 is the same client.
      const mapped = await lookup(
        t.url,
        { reference: 'demo-failed', email: 'buyer@example.com' },
        `${forged()}, ::ffff:203.0.113.7, 10.1.2.3`,
      );
      expect(mapped.code).toBe('rate_limited');
    }, 60_000);

    it('counts an IPv6 client by its /64', async () => {
      let host = 0;
      const inOne64 = () => `2001:db8:77:${name === 'a CIDR list' ? 1 : 2}:${(++host).toString(16)}::1`;
      let refusedAt: number | undefined;
      for (let attempt = 1; attempt <= GUESSES && !refusedAt; attempt++) {
        const result = await lookup(
          t.url,
          { reference: `guess-${randomUUID()}`, email: 'buyer@example.com' },
          `${forged()}, ${inOne64()}, fd00::7`,
        );
        if (result.code === 'rate_limited') refusedAt = attempt;
      }
      expect(refusedAt).toBeDefined();
      expect(refusedAt).toBeLessThanOrEqual(GUESSES);
      const next64 = await lookup(
        t.url,
        { reference: 'demo-failed', email: 'buyer@example.com' },
        `${forged()}, 2001:db8:77:ff::1, fd00::7`,
      );
      expect(next64.code).toBe('ok');
      // Votes count the same way: twenty from one /64, then refused; another /64 still votes.
      const votes = await vote(
        t.url,
        21,
        () => `${forged()}, 2001:db8:88:1:${(++host).toString(16)}::9, fd00::7`,
      );
      expect(votes.statuses.slice(0, 20).every((status) => status === 204)).toBe(true);
      expect(votes.statuses[20]).toBe(429);
      expect((await vote(t.url, 1, () => `${forged()}, 2001:db8:88:2::9, fd00::7`)).statuses).toEqual([204]);
    }, 60_000);

    it('derives the socket handshake address the same way as HTTP', async () => {
      const refusedAt = await guessOverSocket(t.url, '203.0.113.20, 10.1.2.3');
      expect(refusedAt).toBeDefined();
      expect(refusedAt).toBeLessThanOrEqual(GUESSES);
      // HTTP from that client is out of tries too; the client next to it is not.
      const sameClient = await lookup(
        t.url,
        { reference: 'demo-failed', email: 'buyer@example.com' },
        `${forged()}, 203.0.113.20, 10.1.2.3`,
      );
      expect(sameClient.code).toBe('rate_limited');
      const { socket } = await visitorThrough(t.url, `${forged()}, 203.0.113.21, 10.1.2.3`);
      sockets.push(socket);
      // No agent is online in this test: an offline conversation needs the visitor's email.
      const ack = (await socket.emitWithAck('conversation:open', {
        email: 'buyer@example.com',
        payment: { reference: 'demo-failed', email: 'buyer@example.com' },
      })) as Ack<unknown>;
      expect(ack.ok ? 'opened' : ack.error.code).toBe('opened');
    }, 60_000);
  });
}

describe('the per-reference lock', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  let client = 0;
  /** A different real client (and a new visitor) for every call. */
  async function fromSomewhereElse(body: { reference: string; email: string }) {
    client++;
    const xff = `${forged()}, 192.0.2.${client}`;
    const visitor = await visitorThrough(t.url, xff);
    sockets.push(visitor.socket);
    return lookup(t.url, body, xff, visitor.token);
  }

  it('does not count one wrong email tried again and again', async () => {
    for (let i = 0; i < 8; i++) {
      const wrong = await fromSomewhereElse({ reference: 'demo-pending', email: 'typo@example.com' });
      expect(wrong.code).toBe('payment_not_found');
    }
    expect((await fromSomewhereElse({ reference: 'demo-pending', email: 'buyer@example.com' })).code).toBe(
      'ok',
    );
  }, 60_000);

  it('locks a reference against a burst: emails still in flight already count', async () => {
    // Anonymous, each from an address of its own: nothing to set up, so they all leave at once.
    const wrong = Array.from({ length: 8 }, (_, i) =>
      lookup(
        t.url,
        { reference: 'demo-declined', email: `burst-${i}@example.com` },
        `${forged()}, 192.0.2.${150 + i}`,
      ),
    );
    // Counted when they arrive, not when they are answered ≥ 400 ms later: the right email sent
    // while they are in flight already meets the lock.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const right = await fromSomewhereElse({ reference: 'demo-declined', email: 'buyer@example.com' });
    expect(right.code).toBe('payment_not_found');
    for (const result of await Promise.all(wrong)) expect(result.code).toBe('payment_not_found');
  }, 60_000);

  it('locks a reference tried with six different emails from six addresses, for everyone but its owner', async () => {
    for (let i = 0; i < 6; i++) {
      const wrong = await fromSomewhereElse({ reference: 'demo-failed', email: `guess-${i}@example.com` });
      expect(wrong.code).toBe('payment_not_found');
    }
    // The right email from yet another address and visitor: the same answer as a wrong one, after
    // the same minimum delay, so the guesser cannot tell they found it.
    const right = await fromSomewhereElse({ reference: 'demo-failed', email: 'buyer@example.com' });
    const wrong = await fromSomewhereElse({ reference: 'demo-failed', email: 'other@example.com' });
    expect(right.status).toBe(404);
    expect(right.json).toEqual(wrong.json);
    expect(right.ms).toBeGreaterThanOrEqual(395);
    // The same through the chat.
    const { socket } = await visitorThrough(t.url, `${forged()}, 192.0.2.200`);
    sockets.push(socket);
    const ack = (await socket.emitWithAck('conversation:open', {
      payment: { reference: 'demo-failed', email: 'buyer@example.com' },
    })) as Ack<unknown>;
    expect(ack.ok ? 'opened' : ack.error.code).toBe('not_found');
    // Other references are not locked.
    expect((await fromSomewhereElse({ reference: 'demo-succeeded', email: 'buyer@example.com' })).code).toBe(
      'ok',
    );
    // The identified owner still sees it: in their list, and by reference and email.
    const owner = await visitorThrough(t.url, `${forged()}, 192.0.2.201`, { identity });
    sockets.push(owner.socket);
    const list = await fetch(`${t.url}/v1/payments?merchantKey=pk_demo`, {
      headers: { authorization: `Bearer ${owner.token}` },
    });
    const { payments } = (await list.json()) as { payments: Array<{ reference: string }> };
    expect(payments.map((p) => p.reference)).toContain('demo-failed');
    const own = await lookup(
      t.url,
      { reference: 'demo-failed', email: 'buyer@example.com' },
      `${forged()}, 192.0.2.201`,
      owner.token,
    );
    expect(own.code).toBe('ok');
  }, 60_000);
});

const redisUrl = redisTestUrl('abuse limits across nodes');

describe.skipIf(!redisUrl)('across two nodes sharing Redis', () => {
  const dirs: string[] = [];
  const servers: TopayServer[] = [];
  let storage: Storage;
  let nodeA: string;
  let nodeB: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topay-limits-'));
    dirs.push(dir);
    storage = openSqliteStorage(path.join(dir, 'shared.sqlite'));
    await storage.migrate();
    await seedDemo(storage, { dataDir: dir, agentPassword: DEMO_PASSWORD });
    // A Redis database of its own, emptied first, keeps other runs' counters out of the way.
    const url = new URL(redisUrl as string);
    url.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
    const redis = new Redis(url.toString());
    await redis.flushdb();
    redis.disconnect();
    const start = async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-limits-node-'));
      dirs.push(dataDir);
      const env = {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        TOKEN_SECRET: TEST_SECRET,
        REDIS_URL: url.toString(),
        TRUST_PROXY: 'loopback',
      };
      const config = loadConfig(env, 'demo');
      const server = await createServer({ config: { ...config, tokenSecret: TEST_SECRET }, storage });
      servers.push(server);
      return server.listen();
    };
    nodeA = await start();
    nodeB = await start();
    // Until a node's Redis connection is up it counts on its own (README, Several nodes): wait for
    // both to be ready, as a balancer would.
    for (const node of [nodeA, nodeB]) {
      for (let i = 0; i < 100 && (await fetch(`${node}/readyz`)).status !== 200; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await storage?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('locks a reference guessed on one node for look-ups on the other', async () => {
    for (let i = 0; i < 6; i++) {
      const node = i % 2 === 0 ? nodeA : nodeB;
      const wrong = await lookup(
        node,
        { reference: 'demo-processing', email: `guess-${i}@example.com` },
        `${forged()}, 192.0.2.${100 + i}`,
      );
      expect(wrong.code).toBe('payment_not_found');
    }
    for (const node of [nodeA, nodeB]) {
      const right = await lookup(
        node,
        { reference: 'demo-processing', email: 'buyer@example.com' },
        `${forged()}, 192.0.2.99`,
      );
      expect(right.code).toBe('payment_not_found');
    }
  }, 60_000);

  it('counts one address across both nodes, whatever the visitor', async () => {
    let refusedAt: number | undefined;
    for (let attempt = 1; attempt <= GUESSES && !refusedAt; attempt++) {
      const node = attempt % 2 === 0 ? nodeA : nodeB;
      const xff = `${forged()}, 2001:db8:99:1:${attempt.toString(16)}::1`;
      const visitor = await visitorThrough(node, xff);
      sockets.push(visitor.socket);
      const result = await lookup(
        node,
        { reference: `guess-${randomUUID()}`, email: 'buyer@example.com' },
        xff,
        visitor.token,
      );
      if (result.code === 'rate_limited') refusedAt = attempt;
    }
    // RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR's default, 20, counted once for both nodes.
    expect(refusedAt).toBe(21);
  }, 60_000);
});
