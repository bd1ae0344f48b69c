import { request } from 'node:http';
import { generate } from 'otplib';
import { hashPassword } from '../src/auth/passwords.js';
import type { AgentRecord } from '../src/storage/agents.js';
import type { MerchantRecord } from '../src/storage/merchants.js';
import type { Storage } from '../src/storage/storage.js';

/** What the server answered: status, `Retry-After` and the JSON body. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  retryAfter: string | undefined;
  body: T;
}

/**
 * A JSON request from a chosen local address (127.0.0.x are all this machine), so tests act as
 * clients on different addresses without trusting any proxy header.
 */
export function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; from?: string } = {},
): Promise<Answer<T>> {
  const target = new URL(path, url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method,
        localAddress: options.from ?? '127.0.0.1',
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
            body: (text ? JSON.parse(text) : {}) as T,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export interface Session {
  token: string;
  expiresAt: string;
  agent: { id: string; email: string; name: string; role: string };
}

let counter = 0;

/** A new agent (or admin) of `merchant` with a known password. */
export async function createAgent(
  storage: Storage,
  merchant: MerchantRecord,
  role: 'agent' | 'admin' = 'agent',
): Promise<{ agent: AgentRecord; email: string; password: string }> {
  counter += 1;
  const email = `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}@accounts.test`;
  const password = `password-${counter}-long`;
  const agent = await storage.agents.create({
    merchantId: merchant.id,
    email,
    name: `Person ${counter}`,
    role,
    passwordHash: await hashPassword(password),
  });
  return { agent, email, password };
}

/** A merchant of its own, so a test can change its rules without touching the demo's. */
export function createMerchant(storage: Storage, settings: Partial<MerchantRecord['settings']> = {}) {
  counter += 1;
  return storage.merchants.create({
    key: `pk_accounts_${counter}_${Math.random().toString(36).slice(2, 8)}`,
    secret: 'sk_accounts',
    name: 'Accounts Shop',
    defaultLocale: 'en',
    allowedOrigins: ['https://shop.example'],
    settings: { color: '#123456', position: 'right', colorScheme: 'auto', greeting: {}, ...settings },
  });
}

/** The code an authenticator app shows `offsetSteps` time steps from now. */
export function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

export async function login(url: string, body: Record<string, unknown>, from?: string) {
  return call<Session & { error?: { code: string; message: string; retryAfter?: number } }>(
    url,
    'POST',
    '/v1/agent/login',
    { body, ...(from ? { from } : {}) },
  );
}
