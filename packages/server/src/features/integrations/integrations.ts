import type { HandshakeErrorData } from '@topay-support/protocol';
import type { Server as SocketServer } from 'socket.io';
import type { Storage } from '../../storage/storage.js';
import type { AttachmentUrlSigner } from '../attachments/urls.js';
import type { ChatListener } from '../chat/events.js';
import type { Metrics } from '../metrics/metrics.js';
import { isBotKey } from './bot-keys.js';
import { createWebhookDispatcher, type WebhookDeliveryOptions } from './dispatcher.js';
import { createWebhookPublisher } from './webhooks.js';

export interface Integrations {
  /** Subscribed to the chat service's events. */
  listener: ChatListener;
  /** Starts this node's webhook dispatcher. */
  start(): void;
  /** Sends deliveries written outside the chat events (the audit log) without waiting to poll. */
  kick(): void;
  /** Finishes writing events, then stops the dispatcher; before the storage closes. */
  close(): Promise<void>;
}

/**
 * Bots and webhooks for one server node: the publisher writes events to the outbox, the dispatcher
 * sends them.
 *
 * @example
 * const integrations = createIntegrations({ storage, urls, baseUrl: '', logger, metrics });
 * chat.subscribe(integrations.listener);
 */
export function createIntegrations(deps: {
  storage: Storage;
  urls: AttachmentUrlSigner;
  baseUrl: string;
  logger: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  metrics?: Metrics;
  delivery?: WebhookDeliveryOptions;
}): Integrations {
  const dispatcher = createWebhookDispatcher({
    storage: deps.storage,
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.delivery ? { options: deps.delivery } : {}),
  });
  const publisher = createWebhookPublisher({
    storage: deps.storage,
    urls: deps.urls,
    baseUrl: deps.baseUrl,
    logger: deps.logger,
    onEnqueued: () => dispatcher.kick(),
  });
  return {
    listener: publisher.listener,
    start: () => dispatcher.start(),
    kick: () => dispatcher.kick(),
    async close() {
      await publisher.flush();
      await dispatcher.stop();
    },
  };
}

/**
 * Bot keys serve the HTTP API only. On the agent socket a bot would count as an online agent: it
 * would make the widget promise a human and receive round-robin chats. Runs after the namespace's
 * own authentication, so it only has to look at the kind of token.
 */
export function refuseBotKeysOnSockets(io: SocketServer, namespace: string): void {
  io.of(namespace).use((socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && isBotKey(token)) {
      const error = new Error('Bot keys work with the HTTP API only') as Error & { data: HandshakeErrorData };
      error.data = { code: 'unauthorized' };
      next(error);
      return;
    }
    next();
  });
}
