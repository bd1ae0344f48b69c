import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import type { EmailTokens } from './features/email/tokens.js';
import type { Metrics } from './features/metrics/metrics.js';
import type { Storage } from './storage/storage.js';

/** What request handlers and socket handlers share; built once in `createServer`. */
export interface AppContext {
  config: Config;
  storage: Storage;
  tokens: TokenService;
  /** Reply addresses, continue links and opt-out links of reply emails (docs/email.md). */
  emailTokens: EmailTokens;
  logger: FastifyBaseLogger;
  metrics: Metrics;
  /**
   * Who is asking, for limits and logs: the one derivation (TRUST_PROXY) for HTTP requests
   * (`request.raw`) and socket handshakes (`socket.request`). Count limits by `addressKey` of it.
   */
  clientAddress(request: IncomingMessage): string;
}
