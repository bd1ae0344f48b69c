import type { Storage } from '../../storage/storage.js';
import type { ClaimedDelivery, WebhookAttempt, WebhookDeliveryStatus } from '../../storage/webhooks.js';
import type { Metrics } from '../metrics/metrics.js';
import { signWebhook } from './webhooks.js';

/** Tuning for webhook delivery; every field has a production default, tests shorten them. */
export interface WebhookDeliveryOptions {
  /** Delays before the 2nd, 3rd, … attempt; there is one attempt more than delays. */
  backoffMs?: readonly number[];
  /** Each delay varies by ± this fraction, so receivers back from an outage are not hit in lockstep. */
  jitter?: number;
  /** How often this node looks for due deliveries (events written on this node are sent at once). */
  pollIntervalMs?: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs?: number;
  /** Deliveries claimed and sent at once. */
  batchSize?: number;
}

/** 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h: 8 attempts over about 21 hours, then `failed`. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [
  10_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
];

/** A claim outlives the attempt's timeout by this much; after that another node may retry it. */
const LEASE_MARGIN_MS = 60_000;
const LOG_LENGTH = 10;

export interface WebhookDispatcher {
  start(): void;
  /** Looks for due deliveries now instead of at the next poll. */
  kick(): void;
  /** Stops polling, cuts in-flight attempts short and gives them back untried; resolves when done. */
  stop(): Promise<void>;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends webhook deliveries from the database outbox. Every node runs one; they share the work
 * through `claimDue`, which never hands the same delivery to two nodes while a claim lasts. Delivery
 * is at least once: a receiver may see an event again (after a timeout, a crash or a shutdown
 * mid-request) and de-duplicates on `Topay-Webhook-Id`. Order between events is not guaranteed.
 */
export function createWebhookDispatcher(deps: {
  storage: Storage;
  logger: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  metrics?: Pick<Metrics, 'webhookAttempts' | 'webhookLatency'>;
  options?: WebhookDeliveryOptions;
}): WebhookDispatcher {
  const { storage, logger, metrics } = deps;
  const backoff = deps.options?.backoffMs ?? DEFAULT_BACKOFF_MS;
  const jitter = deps.options?.jitter ?? 0.2;
  const pollIntervalMs = deps.options?.pollIntervalMs ?? 2_000;
  const timeoutMs = deps.options?.timeoutMs ?? 10_000;
  const batchSize = deps.options?.batchSize ?? 10;
  const maxAttempts = backoff.length + 1;

  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const inFlight = new Set<AbortController>();

  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = tick()
      .catch((error: unknown) => logger.error({ err: error }, 'webhook dispatch failed'))
      .finally(() => {
        running = undefined;
        const soon = again;
        again = false;
        schedule(soon ? 0 : pollIntervalMs);
      });
  }

  async function tick(): Promise<void> {
    const at = Date.now();
    const claims = await storage.webhooks.claimDue({
      now: new Date(at).toISOString(),
      leaseUntil: new Date(at + timeoutMs + LEASE_MARGIN_MS).toISOString(),
      limit: batchSize,
    });
    await Promise.all(claims.map(send));
    // A full batch suggests more are due: go again straight away.
    if (claims.length === batchSize) again = true;
  }

  function delayAfter(attempts: number): number {
    const base = backoff[Math.min(attempts, backoff.length) - 1] ?? 0;
    return Math.max(0, Math.round(base * (1 + jitter * (2 * Math.random() - 1))));
  }

  async function send(claim: ClaimedDelivery): Promise<void> {
    const controller = new AbortController();
    inFlight.add(controller);
    const started = Date.now();
    const timestamp = Math.floor(started / 1000);
    let attempt: WebhookAttempt;
    try {
      const response = await fetch(claim.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'topay-support-webhooks/1',
          'topay-signature': signWebhook(claim.secret, timestamp, claim.payload),
          'topay-webhook-id': claim.eventId,
        },
        body: claim.payload,
        // A redirect is an answer that is not 2xx: following it could send the event somewhere unvetted.
        redirect: 'manual',
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.body?.cancel().catch(() => undefined);
      attempt = {
        at: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        statusCode: response.status,
      };
    } catch (error) {
      if (controller.signal.aborted) {
        // Shutting down: nothing was decided, so the delivery goes back as it was, due at once.
        await storage.webhooks.release(claim);
        return;
      }
      attempt = {
        at: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        error: describeFailure(error, timeoutMs),
      };
    } finally {
      inFlight.delete(controller);
    }
    const delivered =
      attempt.statusCode !== undefined && attempt.statusCode >= 200 && attempt.statusCode < 300;
    const attempts = claim.attempts + 1;
    const status: WebhookDeliveryStatus = delivered
      ? 'delivered'
      : attempts >= maxAttempts
        ? 'failed'
        : 'pending';
    metrics?.webhookAttempts.inc({
      outcome: delivered ? 'delivered' : status === 'failed' ? 'failed' : 'retry',
    });
    metrics?.webhookLatency.observe(attempt.durationMs / 1000);
    if (status === 'failed') {
      logger.warn(
        { deliveryId: claim.id, webhookId: claim.webhookId, eventId: claim.eventId, attempts },
        'webhook delivery failed for good',
      );
    }
    const recorded = await storage.webhooks.complete(claim, {
      status,
      attempts,
      nextAttemptAt:
        status === 'pending'
          ? new Date(Date.now() + delayAfter(attempts)).toISOString()
          : claim.nextAttemptAt,
      log: [...claim.log, attempt].slice(-LOG_LENGTH),
    });
    if (!recorded)
      logger.warn({ deliveryId: claim.id }, 'webhook claim expired before its attempt was recorded');
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    kick() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const controller of inFlight) controller.abort();
      await running;
    },
  };
}
