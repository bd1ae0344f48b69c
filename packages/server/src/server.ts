import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { LIMITS, NAMESPACES } from '@topay-support/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Server as SocketServer } from 'socket.io';
import { createTokenService } from './auth/tokens.js';
import { createTotpCodec } from './auth/totp.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { registerAgentAdminRoutes } from './features/agents/admin-routes.js';
import { createLoginLockout, DEFAULT_LOCKOUT, type LockoutOptions } from './features/agents/lockout.js';
import { registerAgentRoutes } from './features/agents/routes.js';
import { registerAgentSecurityRoutes } from './features/agents/security-routes.js';
import { createSignIn } from './features/agents/sign-in.js';
import { registerAssistantRoutes } from './features/assistant/routes.js';
import { createAssistant } from './features/assistant/service.js';
import { registerAttachmentRoutes } from './features/attachments/routes.js';
import { type AttachmentStore, configuredAttachmentStore } from './features/attachments/store.js';
import { createAttachmentUrlSigner } from './features/attachments/urls.js';
import { createAuditLog } from './features/audit/audit-log.js';
import { registerAuditRoutes } from './features/audit/routes.js';
import { registerAgentChatRoutes } from './features/chat/agent-routes.js';
import { createSendCapacity } from './features/chat/capacity.js';
import { createChatLimiters } from './features/chat/limits.js';
import { createSmtpMailer, type Mailer } from './features/chat/mailer.js';
import { LocalPresence } from './features/chat/presence.js';
import { createRedisPresence } from './features/chat/redis-presence.js';
import { createChatService } from './features/chat/service.js';
import { registerVisitorChatRoutes } from './features/chat/visitor-routes.js';
import type { InboundMail } from './features/email/inbound.js';
import { createEmailOutbox, type EmailDeliveryOptions } from './features/email/outbox.js';
import { registerEmailRoutes } from './features/email/routes.js';
import { createEmailTokens } from './features/email/tokens.js';
import { registerHelpRoutes } from './features/help/routes.js';
import { createHelpService } from './features/help/service.js';
import type { WebhookDeliveryOptions } from './features/integrations/dispatcher.js';
import { createIntegrations, refuseBotKeysOnSockets } from './features/integrations/integrations.js';
import { createMetrics } from './features/metrics/metrics.js';
import { createDemoPaymentProvider } from './features/payments/demo-provider.js';
import { createHttpPaymentProvider } from './features/payments/http-provider.js';
import type { PaymentProvider } from './features/payments/provider.js';
import { registerPaymentRoutes } from './features/payments/routes.js';
import { createPaymentService } from './features/payments/service.js';
import { registerWidgetRoutes } from './features/widget/routes.js';
import { apiRoute } from './http/api-route.js';
import { addressKey, clientAddressOf, trustFunction } from './http/client-address.js';
import { installJsonCompression } from './http/compress.js';
import { installErrorHandling, onClientError, onFrameworkError } from './http/errors.js';
import { installOpenApi } from './http/openapi.js';
import { registerStatic } from './http/static.js';
import { type LogDestination, loggerOptions } from './logging.js';
import { type AssetPaths, defaultAssetPaths } from './paths.js';
import { createRealtime } from './realtime/sockets.js';
import { ADAPTER_STREAM, connectRedis } from './redis/client.js';
import type { Storage } from './storage/storage.js';

export interface CreateServerOptions {
  /** `tokenSecret` must be resolved by now; the demo generates one before calling. */
  config: Config & { tokenSecret: string };
  storage: Storage;
  assets?: AssetPaths;
  /** Where attachment bytes go; defaults to what `config.attachmentStore` names. */
  attachmentStore?: AttachmentStore;
  /** Defaults to SMTP when `config.smtpUrl` is set, else no email. */
  mailer?: Mailer;
  /** How often connected agents are re-checked for having been disabled elsewhere (default 15 s). */
  disabledAgentSweepMs?: number;
  /** Defaults to what `config.payments` names. */
  paymentProvider?: PaymentProvider;
  /** Webhook retry schedule, poll interval and timeout; production defaults when absent (tests shorten them). */
  webhooks?: WebhookDeliveryOptions;
  /** Where log lines go (stdout by default); every line has its card data removed first. */
  logDestination?: LogDestination;
  /** Sign-in lockout thresholds; `DEFAULT_LOCKOUT` when absent (tests shorten the lock). */
  loginLockout?: Partial<LockoutOptions>;
  /** Overrides the built-in answerer's tuned confidence threshold (the benchmark's tuning sweep only). */
  assistantThreshold?: number;
  /** Reply-email retry schedule and poll interval; production defaults when absent (tests shorten them). */
  email?: EmailDeliveryOptions;
  /**
   * How long `close()` lets requests in flight finish before it cuts their connections (default 10 s). An upload
   * whose client stopped sending mid-body would otherwise hold the node's shutdown for as long as the socket lives.
   */
  closeGraceMs?: number;
}

export interface TopayServer {
  app: FastifyInstance;
  io: SocketServer;
  /** Starts listening on `config.port` (0 picks a free port); resolves with the base URL. */
  listen(): Promise<string>;
  /** The port replies by email are received on, once listening; undefined without INBOUND_SMTP_PORT. */
  inboundSmtpPort(): number | undefined;
  /** Stops accepting, disconnects sockets, waits for in-flight requests. Leaves the storage open: its owner closes it. */
  close(): Promise<void>;
}

/**
 * Builds the HTTP API, static assets and socket.io relay on one port. Storage is injected, so tests
 * and deployments choose SQLite or Postgres without the server knowing.
 *
 * @example
 * const server = await createServer({ config, storage });
 * const url = await server.listen();
 */
export async function createServer(options: CreateServerOptions): Promise<TopayServer> {
  const { config, storage } = options;
  const trust = trustFunction(config.trustProxy);
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logDestination),
    // The same function the sockets use, so `request.ip` is always `ctx.clientAddress(request.raw)`.
    trustProxy: config.trustProxy === false ? false : trust,
    bodyLimit: LIMITS.jsonBodyBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
    // Errors raised before a route runs (a malformed URL, a request Node cannot parse) answer in our shape too.
    frameworkErrors: onFrameworkError,
    clientErrorHandler: onClientError,
  });
  if (config.trustProxy === true) {
    app.log.warn(
      'TRUST_PROXY=true: the client address is the leftmost X-Forwarded-For value, which clients choose; list your proxies instead',
    );
  }
  // Before any route: it records every route registered from here on, described or not.
  installOpenApi(app, config.publicUrl);
  const metrics = createMetrics();
  // With Redis, this node is one of several: sockets, presence and rate limits are shared through it.
  const redis = config.redisUrl ? connectRedis(config.redisUrl, app.log) : undefined;
  const ctx: AppContext = {
    config,
    storage,
    tokens: createTokenService(config.tokenSecret),
    emailTokens: createEmailTokens(config.tokenSecret),
    logger: app.log,
    metrics,
    clientAddress: clientAddressOf(trust),
  };
  const stopObserving = storage.observeQueries((ms) => metrics.dbLatency.observe(ms / 1000));
  app.addHook('onClose', async () => stopObserving());
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    metrics.httpRequests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: `${Math.floor(status / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    if (status >= 500) metrics.errors.inc({ where: 'http' });
  });
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics',
      tag: 'Operations',
      auth: 'none',
      description:
        'With `METRICS_TOKEN` set, send it as `Authorization: Bearer`; otherwise keep the port private.',
      responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
      errors: ['unauthorized'],
    },
    async (request, reply) => {
      // Metrics reveal traffic; behind METRICS_TOKEN they need it, otherwise keep the port private.
      if (config.metricsToken && request.headers.authorization !== `Bearer ${config.metricsToken}`) {
        return reply
          .status(401)
          .send({ error: { code: 'unauthorized', message: 'A valid metrics token is required' } });
      }
      return reply
        .header('content-type', metrics.registry.contentType)
        .send(await metrics.registry.metrics());
    },
  );

  installErrorHandling(app);
  installJsonCompression(app);
  // Bots often send `Content-Type: application/json` with an empty body on action endpoints
  // (POST …/resolve); that is no body, not a broken one. Everything else keeps fastify's parser,
  // which also refuses prototype-poisoning keys.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else parseJson(request, text, done);
  });
  // While Redis is away the throttles let requests through rather than locking everyone out.
  await app.register(rateLimit, {
    global: false,
    // Throttles count per client address key (an IPv6 /64 is one client) unless a route names its own key.
    keyGenerator: (request) => addressKey(ctx.clientAddress(request.raw)),
    ...(redis ? { redis: redis.commands, nameSpace: 'topay:http-rl:', skipOnError: true } : {}),
  });

  apiRoute(
    app,
    {
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness: the process answers',
      tag: 'Operations',
      auth: 'none',
      responses: { 200: { description: '`{ status: "ok" }`' } },
      errors: [],
    },
    async () => ({ status: 'ok' }),
  );
  apiRoute(
    app,
    {
      method: 'GET',
      url: '/readyz',
      summary: 'Readiness: the database (and Redis) answer',
      tag: 'Operations',
      auth: 'none',
      responses: {
        200: { description: '`{ status: "ready", checks }`' },
        503: { description: '`{ status: "unavailable", checks }`' },
      },
      errors: [],
    },
    async (request, reply) => {
      const database = await storage.ping().then(
        () => 'ok' as const,
        (error: unknown) => {
          request.log.warn({ err: error }, 'readiness check: database failing');
          return 'failing' as const;
        },
      );
      const checks = redis ? { database, redis: (await redis.ping()) ? 'ok' : 'failing' } : { database };
      const ready = Object.values(checks).every((check) => check === 'ok');
      if (!ready) return reply.status(503).send({ status: 'unavailable', checks });
      return { status: 'ready', checks };
    },
  );

  const paymentProvider =
    options.paymentProvider ??
    (config.payments.provider === 'demo'
      ? createDemoPaymentProvider(storage)
      : config.payments.provider === 'http'
        ? createHttpPaymentProvider({ baseUrl: config.payments.url, token: config.payments.token })
        : undefined);
  const payments = createPaymentService({
    provider: paymentProvider,
    failuresPerIp: config.rateLimits.failedPaymentLookupsPerHour,
    ...(redis ? { redis: redis.commands } : {}),
  });
  const presence = redis
    ? createRedisPresence({ redis: redis.commands, nodeId: randomUUID(), logger: app.log })
    : new LocalPresence();
  const urls = createAttachmentUrlSigner(config.tokenSecret);
  const mailer =
    options.mailer ?? (config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.smtpFrom) : undefined);
  if (mailer) app.addHook('onClose', async () => mailer.close());
  const integrations = createIntegrations({
    storage,
    urls,
    baseUrl: config.publicUrl ?? '',
    logger: app.log,
    metrics,
    ...(options.webhooks ? { delivery: options.webhooks } : {}),
  });
  // Webhooks are sent while the node serves; on close, queued events are written before storage goes.
  app.addHook('onReady', async () => integrations.start());
  app.addHook('onClose', async () => integrations.close());
  const capacity = createSendCapacity({
    maxPending: config.messageQueue.size,
    maxWaitMs: config.messageQueue.maxWaitMs,
    onRefused: () => metrics.messagesRefused.inc(),
  });
  metrics.countPendingMessages(() => capacity.pending);
  const chat = createChatService({
    storage,
    capacity,
    presence,
    limiters: createChatLimiters(config.rateLimits, redis?.commands),
    urls,
    payments,
    logger: app.log,
    ...(mailer ? { mailer } : {}),
  });
  // Webhooks, email and the assistant subscribe here; the sockets subscribe when they are created (below).
  chat.subscribe(integrations.listener);
  const attachmentStore = options.attachmentStore ?? configuredAttachmentStore(config, storage);
  // Email continuity (docs/email.md): replies go out when SMTP_URL is set, come back on INBOUND_SMTP_PORT.
  let listeningAt: string | undefined;
  const publicBase = () => config.publicUrl ?? listeningAt ?? `http://localhost:${config.port}`;
  const emailOutbox = mailer
    ? createEmailOutbox({
        storage,
        mailer,
        tokens: ctx.emailTokens,
        batchMs: config.email.batchSeconds * 1000,
        inboundDomain: config.email.inboundDomain,
        fromDomain: (/@([^\s<>@]+)>?\s*$/.exec(config.smtpFrom)?.[1] ?? 'localhost').toLowerCase(),
        publicBase,
        visitorConnected: (conversation) => realtime.visitorConnected(conversation),
        deliveryChanged: (conversation, messages) => realtime.messagesUpdated(conversation, messages),
        logger: app.log,
        ...(options.email ? { options: options.email } : {}),
      })
    : undefined;
  if (emailOutbox) {
    chat.subscribe(emailOutbox.listener);
    app.addHook('onReady', async () => emailOutbox.start());
  }
  // Loaded only when replies are received: mailparser and smtp-server are large and most servers never need them.
  const inbound: InboundMail | undefined =
    config.email.inboundPort !== undefined && config.email.inboundDomain
      ? (await import('./features/email/inbound.js')).createInboundMail({
          storage,
          chat,
          tokens: ctx.emailTokens,
          attachments: attachmentStore,
          domain: config.email.inboundDomain,
          bounced: (conversationId) => {
            void emailOutbox?.announce(conversationId);
          },
          logger: app.log,
        })
      : undefined;
  let inboundPort: number | undefined;
  const help = createHelpService(storage);
  const assistant = createAssistant({
    storage,
    chat,
    help,
    config,
    logger: app.log,
    ...(options.assistantThreshold !== undefined ? { builtinThreshold: options.assistantThreshold } : {}),
  });
  // The streams adapter resumes from its last stream offset after a Redis outage; what it cannot
  // deliver, clients still fetch from the database when they sync after their last seq.
  const realtime = createRealtime(
    app.server,
    ctx,
    { chat, assistant, presence },
    redis ? createAdapter(redis.adapter, { streamName: ADAPTER_STREAM, maxLen: 50_000 }) : undefined,
    options.disabledAgentSweepMs,
  );
  app.addHook('onReady', async () => {
    await assistant
      .warmUp()
      .catch((error: unknown) => app.log.warn({ err: error }, 'assistant warm-up failed'));
  });
  const io = realtime.io;
  refuseBotKeysOnSockets(io, NAMESPACES.agent);
  const audit = createAuditLog({ storage, onEnqueued: () => integrations.kick() });
  const totp = createTotpCodec(config.tokenSecret);
  const signIn = createSignIn({
    ctx,
    audit,
    totp,
    lockout: createLoginLockout({ ...DEFAULT_LOCKOUT, ...options.loginLockout }, redis?.commands),
  });

  registerAgentRoutes(app, ctx, signIn);
  registerAgentSecurityRoutes(app, ctx, {
    signIn,
    audit,
    totp,
    endSessions: (agentId) => realtime.endAgentSessions(agentId),
  });
  registerAgentAdminRoutes(app, ctx, {
    audit,
    endSessions: (agentId) => realtime.endAgentSessions(agentId),
  });
  registerAuditRoutes(app, ctx);
  registerWidgetRoutes(app, ctx, chat);
  registerAgentChatRoutes(app, ctx, chat, presence, audit);
  registerVisitorChatRoutes(app, ctx, chat);
  registerHelpRoutes(app, ctx, help);
  registerAssistantRoutes(app, ctx, assistant);
  registerPaymentRoutes(app, ctx, payments);
  registerAttachmentRoutes(app, ctx, attachmentStore, urls);
  await registerEmailRoutes(app, ctx);
  await registerStatic(app, options.assets ?? defaultAssetPaths, config.mode === 'demo');

  app.addHook('preClose', async () => {
    // Tell every client to go away first, so they reconnect elsewhere instead of hanging on a closing node.
    io.disconnectSockets(true);
    io.engine.close();
    // Handlers already running finish (a message being stored is stored) before anything closes.
    await realtime.stop();
    // Replies being written are stored (or dropped) before the database goes.
    await assistant.close();
    await inbound?.close();
    await emailOutbox?.stop();
  });
  app.addHook('onClose', async () => {
    await presence.close();
    // Closing every namespace's adapter stops the stream reader before its connection goes.
    await Promise.all([...io._nsps.values()].map((namespace) => namespace.adapter.close()));
    await redis?.close();
  });

  return {
    app,
    io,
    async listen() {
      const address = await app.listen({ port: config.port, host: config.host });
      listeningAt = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]');
      if (inbound && config.email.inboundPort !== undefined) {
        inboundPort = await inbound.listen(config.email.inboundPort, config.host);
        app.log.info({ port: inboundPort, domain: config.email.inboundDomain }, 'receiving email replies');
      }
      return listeningAt;
    },
    inboundSmtpPort: () => inboundPort,
    async close() {
      const cut = setTimeout(() => {
        app.log.warn('requests still in flight after the close grace period: closing their connections');
        app.server.closeAllConnections();
      }, options.closeGraceMs ?? 10_000);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
