import path from 'node:path';
import { type TrustProxy, trustFunction } from './http/client-address.js';

/** `production` serves real traffic; `demo` seeds demo data; `tool` is an operator command that serves nothing. */
export type Mode = 'production' | 'demo' | 'tool';

export type DatabaseConfig =
  /**
   * `synchronous` is `SQLITE_SYNCHRONOUS`: `normal` (default) commits survive a crash or kill of the
   * process; `full` also fsyncs every commit, so they survive a power loss too, at a commit's fsync.
   */
  | { kind: 'sqlite'; file: string; synchronous: SqliteSynchronous }
  /** `poolSize` is `DATABASE_POOL_SIZE`: connections per node, default 10. */
  | { kind: 'postgres'; url: string; poolSize: number };

export type SqliteSynchronous = 'normal' | 'full';

export interface Config {
  mode: Mode;
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  /**
   * The bounded queue of chat messages (features/chat/capacity.ts): a new message is refused at once
   * with `rate_limited` and `retryAfterMs` when `size` are under way on the node, from receipt to
   * commit (`MESSAGE_QUEUE_SIZE`), or when those would take longer than `maxWaitMs` to finish at the
   * node's recent pace (`MESSAGE_QUEUE_MAX_WAIT_MS`).
   */
  messageQueue: { size: number; maxWaitMs: number };
  /** Set = one of several nodes: socket.io relays through Redis streams; presence and limits live there. */
  redisUrl: string | undefined;
  /** Where attachment bytes live: this node's disk, or the database every node shares. */
  attachmentStore: 'disk' | 'database';
  /** Signs agent and visitor tokens; in the demo it may be absent and is then generated under `dataDir`. */
  tokenSecret: string | undefined;
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Which proxies may say who the client is: none, all (`true`), the nearest N hops, or those at
   * these addresses/CIDR ranges. The client address is the last untrusted hop (http/client-address.ts).
   */
  trustProxy: TrustProxy;
  demoAgentPassword: string | undefined;
  /** Where payment facts come from; `none` answers look-ups with provider_unavailable. */
  payments: { provider: 'none' } | { provider: 'demo' } | { provider: 'http'; url: string; token: string };
  /** Bearer token required by `GET /metrics`; unset = open (keep the port private then). */
  metricsToken: string | undefined;
  /** SMTP server for transcript emails; unset = no email. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Email continuity (docs/email.md): replies by email out through SMTP_URL, and back in. */
  email: EmailConfig;
  /** A configured model for the assistant (docs/assistant.md); unset = the built-in answerer, no network. */
  ai: AiConfig | undefined;
  assistant: {
    /** Assistant replies per conversation before it hands off to people (`AI_MAX_TURNS`). */
    maxTurns: number;
    /** Model replies per merchant per UTC day; past it the built-in answerer answers (`AI_DAILY_BUDGET`). */
    dailyBudget: number;
  };
  rateLimits: {
    messagesPerMinutePerIp: number;
    messageBurstPerConnection: number;
    conversationsPerHourPerIp: number;
    /** Unsuccessful payment look-ups per address per hour; per visitor it is 5 per 15 minutes. */
    failedPaymentLookupsPerHour: number;
    /**
     * Attachment uploads per client address per 10 minutes, counted before the body is read: enough
     * for a visitor's screenshots, not for filling the disk. Agents of one office share an address,
     * hence theirs is larger.
     */
    visitorUploadsPer10Minutes: number;
    agentUploadsPer10Minutes: number;
    /** Sign-in requests per address and email (`RATE_LIMIT_AGENT_SIGN_INS_PER_10_MINUTES`), on top of the lockout. */
    agentSignInsPer10Minutes: number;
  };
}

export interface EmailConfig {
  /** `INBOUND_SMTP_PORT`: where replies are received (0 = any free port); unset = none received. */
  inboundPort: number | undefined;
  /** `INBOUND_EMAIL_DOMAIN`: the domain of `reply+<token>@…` addresses, whose MX points at this port. */
  inboundDomain: string | undefined;
  /** `EMAIL_BATCH_SECONDS` (default 60): how long a visitor is away, and a burst quiet, before mail goes. */
  batchSeconds: number;
}

/** Any OpenAI-compatible chat-completions endpoint: `AI_BASE_URL`, `AI_API_KEY`, `AI_MODEL`. */
export interface AiConfig {
  baseUrl: string;
  /** Local servers (Ollama, vLLM) accept any key; the client still sends one. */
  apiKey: string;
  model: string;
  /** The whole reply, first token to last (`AI_TIMEOUT_MS`, default 15 s). */
  timeoutMs: number;
  /** Until the first token (`AI_FIRST_TOKEN_TIMEOUT_MS`, default 8 s). */
  firstTokenTimeoutMs: number;
}

/** A configuration problem, reported to the operator as exactly one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 8787;
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  const port = Number(raw);
  if (port > 65535) throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${raw}"`);
  return port;
}

function parseCount(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1)
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

function parsePayments(env: Record<string, string | undefined>, mode: Mode): Config['payments'] {
  const provider = env.PAYMENT_PROVIDER?.trim() || (mode === 'demo' ? 'demo' : 'none');
  if (provider === 'none' || provider === 'demo') return { provider };
  if (provider !== 'http') throw new ConfigError(`PAYMENT_PROVIDER must be demo or http, got "${provider}"`);
  const url = env.PAYMENT_API_URL?.trim();
  try {
    if (!url || !/^https?:$/.test(new URL(url).protocol)) throw new Error();
  } catch {
    throw new ConfigError(
      'PAYMENT_API_URL must be the http(s) base URL of the payment platform API when PAYMENT_PROVIDER=http',
    );
  }
  const token = env.PAYMENT_API_TOKEN?.trim();
  if (!token) throw new ConfigError('PAYMENT_API_TOKEN is required when PAYMENT_PROVIDER=http');
  return { provider: 'http', url, token };
}

function parseAi(env: Record<string, string | undefined>): AiConfig | undefined {
  const baseUrl = env.AI_BASE_URL?.trim();
  const model = env.AI_MODEL?.trim();
  const apiKey = env.AI_API_KEY?.trim();
  if (!baseUrl) {
    if (model || apiKey) throw new ConfigError('AI_BASE_URL is required when AI_MODEL or AI_API_KEY is set');
    return undefined;
  }
  try {
    if (!/^https?:$/.test(new URL(baseUrl).protocol)) throw new Error();
  } catch {
    throw new ConfigError(
      `AI_BASE_URL must be the http(s) base URL of a chat-completions API, e.g. http://localhost:11434/v1, got "${baseUrl}"`,
    );
  }
  if (!model) throw new ConfigError('AI_MODEL is required when AI_BASE_URL is set, e.g. AI_MODEL=qwen2.5:7b');
  const timeoutMs = parseCount('AI_TIMEOUT_MS', env.AI_TIMEOUT_MS, 15_000);
  const firstTokenTimeoutMs = parseCount('AI_FIRST_TOKEN_TIMEOUT_MS', env.AI_FIRST_TOKEN_TIMEOUT_MS, 8_000);
  if (firstTokenTimeoutMs > timeoutMs)
    throw new ConfigError('AI_FIRST_TOKEN_TIMEOUT_MS must not be longer than AI_TIMEOUT_MS');
  return { baseUrl, apiKey: apiKey || 'none', model, timeoutMs, firstTokenTimeoutMs };
}

function parseEmail(env: Record<string, string | undefined>): EmailConfig {
  const rawPort = env.INBOUND_SMTP_PORT?.trim();
  let inboundPort: number | undefined;
  if (rawPort) {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535)
      throw new ConfigError(`INBOUND_SMTP_PORT must be a whole number from 0 to 65535, got "${rawPort}"`);
    inboundPort = Number(rawPort);
  }
  const inboundDomain = env.INBOUND_EMAIL_DOMAIN?.trim().toLowerCase() || undefined;
  if (
    inboundDomain !== undefined &&
    !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(
      inboundDomain,
    )
  )
    throw new ConfigError(
      `INBOUND_EMAIL_DOMAIN must be a domain name such as reply.shop.example, got "${env.INBOUND_EMAIL_DOMAIN}"`,
    );
  if (inboundPort !== undefined && inboundDomain === undefined)
    throw new ConfigError(
      'INBOUND_EMAIL_DOMAIN is required when INBOUND_SMTP_PORT is set: it is the domain replies are addressed to',
    );
  return {
    inboundPort,
    inboundDomain,
    batchSeconds: parseCount('EMAIL_BATCH_SECONDS', env.EMAIL_BATCH_SECONDS, 60),
  };
}

function parseSqliteSynchronous(raw: string | undefined): SqliteSynchronous {
  const value = raw?.trim().toLowerCase() || 'normal';
  if (value !== 'normal' && value !== 'full')
    throw new ConfigError(`SQLITE_SYNCHRONOUS must be normal or full, got "${raw}"`);
  return value;
}

function parseDatabase(
  raw: string | undefined,
  dataDir: string,
  poolSize: string | undefined,
  sqliteSynchronous: string | undefined,
): DatabaseConfig {
  const synchronous = parseSqliteSynchronous(sqliteSynchronous);
  if (raw === undefined || raw.trim() === '')
    return { kind: 'sqlite', file: path.join(dataDir, 'topay-support.sqlite'), synchronous };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    // Never echo the value: it may carry the database password.
    throw new ConfigError(
      'DATABASE_URL must be a URL such as postgres://user:pass@host:5432/db or sqlite:///path/file.sqlite',
    );
  }
  if (url.protocol === 'sqlite:' || url.protocol === 'file:') {
    const file = decodeURIComponent(url.pathname);
    if (!file || file === '/')
      throw new ConfigError(
        'DATABASE_URL sqlite: URL needs a file path, e.g. sqlite:///var/lib/topay/db.sqlite',
      );
    return { kind: 'sqlite', file, synchronous };
  }
  if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') {
    if (!url.hostname && !url.searchParams.has('host')) {
      throw new ConfigError(
        'DATABASE_URL postgres: URL needs a host, e.g. postgres://user:pass@host:5432/db',
      );
    }
    return { kind: 'postgres', url: raw.trim(), poolSize: parseCount('DATABASE_POOL_SIZE', poolSize, 10) };
  }
  throw new ConfigError(
    `DATABASE_URL has unsupported scheme "${url.protocol.replace(/:$/, '')}"; use postgres:// or sqlite://`,
  );
}

function parseRedisUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let scheme = '';
  try {
    scheme = new URL(raw.trim()).protocol;
  } catch {
    // reported below
  }
  if (scheme !== 'redis:' && scheme !== 'rediss:') {
    throw new ConfigError('REDIS_URL must look like redis://host:6379 or rediss://user:password@host:6380/0');
  }
  return raw.trim();
}

function parseAttachmentStore(
  raw: string | undefined,
  database: DatabaseConfig,
  redisUrl: string | undefined,
): Config['attachmentStore'] {
  const value = raw?.trim();
  if (value === 'disk' || value === 'database') return value;
  if (value) throw new ConfigError(`ATTACHMENT_STORE must be disk or database, got "${raw}"`);
  // Several nodes cannot read each other's disks; one shared database they all reach.
  return database.kind === 'postgres' || redisUrl ? 'database' : 'disk';
}

function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const list = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    if (list.length === 0) throw new Error('no address given');
    // Compiling is the check: proxy-addr names the first entry it cannot read.
    trustFunction(list);
  } catch (error) {
    throw new ConfigError(
      `TRUST_PROXY must be false, true, a hop count or a comma-separated list of proxy addresses, CIDR ranges, loopback, linklocal or uniquelocal; got "${raw}" (${(error as Error).message})`,
    );
  }
  return list;
}

/**
 * Reads and validates the environment, once, at an entry point. Everything else receives the typed result.
 * Throws `ConfigError` with a single line naming the variable at fault.
 *
 * @example
 * const config = loadConfig(process.env, 'production');
 */
export function loadConfig(env: Record<string, string | undefined>, mode: Mode): Config {
  const dataDir = path.resolve(env.DATA_DIR?.trim() || './data');
  const tokenSecret =
    env.TOKEN_SECRET === undefined || env.TOKEN_SECRET === '' ? undefined : env.TOKEN_SECRET;
  if (mode === 'production' && tokenSecret === undefined) {
    throw new ConfigError(
      'TOKEN_SECRET is required in production: set it to at least 32 random characters, the same on every node',
    );
  }
  if (tokenSecret !== undefined && tokenSecret.length < 32) {
    throw new ConfigError(`TOKEN_SECRET must be at least 32 characters long (got ${tokenSecret.length})`);
  }
  let publicUrl: string | undefined;
  if (env.PUBLIC_URL) {
    try {
      const url = new URL(env.PUBLIC_URL);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
      publicUrl = url.origin;
    } catch {
      throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${env.PUBLIC_URL}"`);
    }
  }
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const demoAgentPassword = env.DEMO_AGENT_PASSWORD || undefined;
  if (demoAgentPassword !== undefined && demoAgentPassword.length < 10) {
    throw new ConfigError('DEMO_AGENT_PASSWORD must be at least 10 characters long');
  }
  let smtpUrl: string | undefined;
  if (env.SMTP_URL) {
    let scheme = '';
    try {
      scheme = new URL(env.SMTP_URL).protocol;
    } catch {
      // reported below
    }
    if (scheme !== 'smtp:' && scheme !== 'smtps:') {
      throw new ConfigError('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
    }
    smtpUrl = env.SMTP_URL;
  }
  const smtpFrom =
    env.SMTP_FROM?.trim() || `support@${publicUrl ? new URL(publicUrl).hostname : 'localhost'}`;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(smtpFrom) && !/<[^\s@<>]+@[^\s@<>]+>$/.test(smtpFrom)) {
    throw new ConfigError(`SMTP_FROM must be an email address, got "${smtpFrom}"`);
  }
  const database = parseDatabase(env.DATABASE_URL, dataDir, env.DATABASE_POOL_SIZE, env.SQLITE_SYNCHRONOUS);
  const redisUrl = parseRedisUrl(env.REDIS_URL);
  return {
    mode,
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    payments: parsePayments(env, mode),
    smtpUrl,
    smtpFrom,
    email: parseEmail(env),
    port: parsePort(env.PORT),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir,
    database,
    messageQueue: {
      size: parseCount('MESSAGE_QUEUE_SIZE', env.MESSAGE_QUEUE_SIZE, 2000),
      maxWaitMs: parseCount('MESSAGE_QUEUE_MAX_WAIT_MS', env.MESSAGE_QUEUE_MAX_WAIT_MS, 500),
    },
    redisUrl,
    attachmentStore: parseAttachmentStore(env.ATTACHMENT_STORE, database, redisUrl),
    tokenSecret,
    publicUrl,
    logLevel,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    demoAgentPassword,
    ai: parseAi(env),
    assistant: {
      maxTurns: parseCount('AI_MAX_TURNS', env.AI_MAX_TURNS, 20),
      dailyBudget: parseCount('AI_DAILY_BUDGET', env.AI_DAILY_BUDGET, 2000),
    },
    rateLimits: {
      messagesPerMinutePerIp: parseCount(
        'RATE_LIMIT_MESSAGES_PER_MINUTE',
        env.RATE_LIMIT_MESSAGES_PER_MINUTE,
        60,
      ),
      messageBurstPerConnection: parseCount('RATE_LIMIT_MESSAGE_BURST', env.RATE_LIMIT_MESSAGE_BURST, 10),
      failedPaymentLookupsPerHour: parseCount(
        'RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR',
        env.RATE_LIMIT_FAILED_PAYMENT_LOOKUPS_PER_HOUR,
        20,
      ),
      conversationsPerHourPerIp: parseCount(
        'RATE_LIMIT_CONVERSATIONS_PER_HOUR',
        env.RATE_LIMIT_CONVERSATIONS_PER_HOUR,
        20,
      ),
      visitorUploadsPer10Minutes: parseCount(
        'RATE_LIMIT_VISITOR_UPLOADS_PER_10_MINUTES',
        env.RATE_LIMIT_VISITOR_UPLOADS_PER_10_MINUTES,
        20,
      ),
      agentUploadsPer10Minutes: parseCount(
        'RATE_LIMIT_AGENT_UPLOADS_PER_10_MINUTES',
        env.RATE_LIMIT_AGENT_UPLOADS_PER_10_MINUTES,
        200,
      ),
      agentSignInsPer10Minutes: parseCount(
        'RATE_LIMIT_AGENT_SIGN_INS_PER_10_MINUTES',
        env.RATE_LIMIT_AGENT_SIGN_INS_PER_10_MINUTES,
        10,
      ),
    },
  };
}
