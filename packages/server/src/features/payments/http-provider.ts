import {
  CARD_BRANDS,
  PAYMENT_EVENT_TYPES,
  PAYMENT_REASONS,
  PAYMENT_STATUSES,
  type PaymentView,
} from '@topay-support/protocol';
import { LRUCache } from 'lru-cache';
import CircuitBreaker from 'opossum';
import { z } from 'zod';
import { type PaymentProvider, type ProviderPayment, ProviderUnavailableError } from './provider.js';

export interface HttpPaymentProviderOptions {
  /** Base URL of the payment platform's API, e.g. `https://api.topay.example`. */
  baseUrl: string;
  token: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Further attempts after a timeout, network error or 5xx, with growing pauses. */
  retries?: number;
  cacheTtlMs?: number;
  /** The circuit opens after this many failures in a row-ish (50% of at least this many calls) … */
  breakerVolume?: number;
  /** … and lets one call through again after this long. */
  breakerResetMs?: number;
}

const MAX_BODY_BYTES = 256 * 1024;

// The platform's JSON contract (README "Payment platform API"). Unknown reasons are dropped rather
// than failing the whole answer; everything else must be exactly right or the answer is refused.
const platformPayment = z.object({
  reference: z.string().min(1).max(200),
  status: z.enum(PAYMENT_STATUSES),
  reason: z.string().max(100).nullish(),
  amount: z.object({ minor: z.number().int().safe(), currency: z.string().regex(/^[A-Z]{3}$/) }),
  merchant: z.object({ name: z.string().max(200) }),
  card: z.object({ brand: z.string().max(40), last4: z.string().max(40) }).nullish(),
  email: z.string().max(320),
  userId: z.string().max(200).nullish(),
  createdAt: z.iso.datetime({ offset: true }),
  events: z.array(z.object({ type: z.string().max(60), at: z.iso.datetime({ offset: true }) })).max(200),
});
const platformList = z.object({ payments: z.array(platformPayment).max(100) });

function toProviderPayment(raw: z.infer<typeof platformPayment>): ProviderPayment {
  const view: PaymentView = {
    reference: raw.reference,
    status: raw.status,
    amount: raw.amount,
    merchant: raw.merchant,
    createdAt: new Date(raw.createdAt).toISOString(),
    events: raw.events
      .filter((e): e is { type: PaymentView['events'][number]['type']; at: string } =>
        (PAYMENT_EVENT_TYPES as readonly string[]).includes(e.type),
      )
      .map((e) => ({ type: e.type, at: new Date(e.at).toISOString() })),
  };
  if (raw.reason && (PAYMENT_REASONS as readonly string[]).includes(raw.reason)) {
    view.reason = raw.reason as NonNullable<PaymentView['reason']>;
  }
  if (raw.card) {
    // Only ever the last four digits, even if the platform sent more by mistake.
    const digits = raw.card.last4.replace(/\D/g, '').slice(-4);
    const brand = (CARD_BRANDS as readonly string[]).includes(raw.card.brand.toLowerCase())
      ? (raw.card.brand.toLowerCase() as NonNullable<PaymentView['card']>['brand'])
      : 'other';
    if (digits.length === 4) view.card = { brand, last4: digits };
  }
  return { view, email: raw.email, userId: raw.userId ?? null };
}

class Retryable extends Error {}

async function readLimited(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) throw new ProviderUnavailableError('the platform answer is too large');
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ProviderUnavailableError('the platform answer is too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Asks the payment platform's HTTP API: a timeout per attempt, retries with backoff for transient
 * failures, a circuit breaker (opossum) so a struggling platform is not hammered and visitors get a
 * fast, honest "unavailable", and a short cache (lru-cache) for repeated look-ups.
 */
export function createHttpPaymentProvider(
  options: HttpPaymentProviderOptions,
): PaymentProvider & { breaker: CircuitBreaker } {
  const timeoutMs = options.timeoutMs ?? 3000;
  const retries = options.retries ?? 2;
  const base = options.baseUrl.replace(/\/+$/, '');
  const cache = new LRUCache<string, { value: unknown }>({ max: 5000, ttl: options.cacheTtlMs ?? 30_000 });

  async function getOnce(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Retryable(`the platform did not answer: ${(error as Error).message}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new Retryable(`the platform answered ${response.status}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ProviderUnavailableError(`the platform refused the request (${response.status})`);
    }
    const text = await readLimited(response);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProviderUnavailableError('the platform answered something that is not JSON');
    }
  }

  async function get(path: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await getOnce(path);
      } catch (error) {
        if (!(error instanceof Retryable) || attempt >= retries) {
          throw error instanceof Retryable ? new ProviderUnavailableError(error.message) : error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * 3 ** attempt));
      }
    }
  }

  const breaker = new CircuitBreaker(get, {
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: options.breakerVolume ?? 5,
    resetTimeout: options.breakerResetMs ?? 30_000,
    rollingCountTimeout: 30_000,
  });

  async function cached(path: string): Promise<unknown> {
    const hit = cache.get(path);
    if (hit) return hit.value;
    let value: unknown;
    try {
      value = await breaker.fire(path);
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw error;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new ProviderUnavailableError('the payment platform is unavailable; try again shortly');
      }
      throw new ProviderUnavailableError((error as Error).message);
    }
    cache.set(path, { value });
    return value;
  }

  return {
    breaker,
    async find(merchant, reference) {
      const raw = await cached(
        `/v1/merchants/${encodeURIComponent(merchant.key)}/payments/${encodeURIComponent(reference)}`,
      );
      if (raw === undefined) return undefined;
      const parsed = platformPayment.safeParse(raw);
      if (!parsed.success)
        throw new ProviderUnavailableError('the platform answer does not match the contract');
      // A platform bug must not show one customer's payment under another reference.
      if (parsed.data.reference !== reference)
        throw new ProviderUnavailableError('the platform answered another payment');
      return toProviderPayment(parsed.data);
    },
    async listForUser(merchant, userId, limit) {
      const raw = await cached(
        `/v1/merchants/${encodeURIComponent(merchant.key)}/users/${encodeURIComponent(userId)}/payments?limit=${limit}`,
      );
      if (raw === undefined) return [];
      const parsed = platformList.safeParse(raw);
      if (!parsed.success)
        throw new ProviderUnavailableError('the platform answer does not match the contract');
      return parsed.data.payments.map(toProviderPayment).filter((p) => p.userId === userId);
    },
  };
}
