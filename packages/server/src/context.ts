import type { FastifyBaseLogger } from 'fastify';
import type { TokenService } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Metrics } from './features/metrics/metrics.js';
import type { Storage } from './storage/types.js';

/** What request handlers and socket handlers share; built once in `createServer`. */
export interface AppContext {
  config: Config;
  storage: Storage;
  tokens: TokenService;
  logger: FastifyBaseLogger;
  metrics: Metrics;
}
