import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: {
    id: string;
    type: string;
    createdAt: string;
    merchantId: string;
    data: {
      conversation: Record<string, unknown> & { id: string };
      message?: Record<string, unknown>;
      entry?: Record<string, unknown> & { action: string };
    };
  };
}

/** What the receiver answers for a request: a status, or `'hang'` to keep the request open. */
export type Respond = (request: ReceivedWebhook, nth: number) => number | 'hang';

/**
 * A real HTTP endpoint standing in for a merchant's webhook receiver. Each path keeps its own list of
 * requests and its own answer, so tests sharing one receiver do not see each other's traffic.
 */
export async function startReceiver() {
  const received = new Map<string, ReceivedWebhook[]>();
  const responders = new Map<string, Respond>();
  const hanging = new Set<ServerResponse>();
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      const entry: ReceivedWebhook = {
        path,
        headers: req.headers,
        body,
        json: JSON.parse(body) as ReceivedWebhook['json'],
      };
      const list = received.get(path) ?? [];
      list.push(entry);
      received.set(path, list);
      const answer = (responders.get(path) ?? (() => 200))(entry, list.length);
      for (const wake of waiters) wake();
      if (answer === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    on(path: string, respond: Respond) {
      responders.set(path, respond);
    },
    /** What `path` has received so far: a copy, so a later request does not change it under the caller. */
    received: (path: string) => [...(received.get(path) ?? [])],
    /** Resolves with (a copy of) what `path` received once it satisfies `done`, or rejects after `ms`. */
    async waitFor(path: string, done: (list: ReceivedWebhook[]) => boolean, ms = 10_000) {
      const list = () => [...(received.get(path) ?? [])];
      if (done(list())) return list();
      return new Promise<ReceivedWebhook[]>((resolve, reject) => {
        const wake = () => {
          if (!done(list())) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(list());
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `timed out waiting at ${path}; got ${list()
                .map((r) => r.json.type)
                .join(', ')}`,
            ),
          );
        }, ms);
        waiters.add(wake);
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * Verifies `Topay-Signature` the way the README tells receivers to: recompute the HMAC over
 * "<t>.<raw body>" and compare in constant time; refuse timestamps more than 5 minutes off.
 */
export function verifySignature(secret: string, header: string | undefined, body: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
