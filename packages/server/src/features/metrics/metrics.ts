import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several servers in one process — tests, benchmarks — never mix their numbers.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'topay_' });
  const connections = new Gauge({
    name: 'topay_connected_sockets',
    help: 'Connected sockets by role',
    labelNames: ['role'] as const,
    registers: [registry],
  });
  const messages = new Counter({
    name: 'topay_messages_relayed_total',
    help: 'Chat messages stored and relayed, by author type',
    labelNames: ['author'] as const,
    registers: [registry],
  });
  const messagesRefused = new Counter({
    name: 'topay_messages_refused_total',
    help: 'Chat messages refused with rate_limited because the node was at capacity (MESSAGE_QUEUE_MAX_WAIT_MS, MESSAGE_QUEUE_SIZE)',
    registers: [registry],
  });
  // Read when scraped, from whatever counts them (the chat's send capacity).
  let pendingMessages = () => 0;
  new Gauge({
    name: 'topay_messages_pending',
    help: 'Chat messages this node is working on: received, not yet committed or refused',
    registers: [registry],
    collect() {
      this.set(pendingMessages());
    },
  });
  const ackLatency = new Histogram({
    name: 'topay_message_ack_seconds',
    help: 'From receiving a message to acknowledging it (validation, redaction, commit)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const dbLatency = new Histogram({
    name: 'topay_db_query_seconds',
    help: 'Database query durations',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const httpRequests = new Histogram({
    name: 'topay_http_request_seconds',
    help: 'HTTP request durations by route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'topay_errors_total',
    help: 'Failures on our side (HTTP 5xx, socket handler errors)',
    labelNames: ['where'] as const,
    registers: [registry],
  });
  const webhookAttempts = new Counter({
    name: 'topay_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome: delivered, retry (will try again), failed (gave up)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const webhookLatency = new Histogram({
    name: 'topay_webhook_attempt_seconds',
    help: 'How long webhook receivers took to answer (or to time out)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    connections,
    messages,
    messagesRefused,
    countPendingMessages(read: () => number) {
      pendingMessages = read;
    },
    ackLatency,
    dbLatency,
    httpRequests,
    errors,
    webhookAttempts,
    webhookLatency,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
