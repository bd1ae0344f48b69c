import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(32);

function configError(env: Record<string, string>, mode: 'production' | 'demo' = 'demo'): string {
  try {
    loadConfig(env, mode);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has sensible defaults for the demo', () => {
    const config = loadConfig({}, 'demo');
    expect(config.port).toBe(8787);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: path.resolve('data/topay-support.sqlite'),
      synchronous: 'normal',
    });
    expect(config.tokenSecret).toBeUndefined();
    expect(config.trustProxy).toBe(false);
  });

  it('names the variable at fault in one line', () => {
    for (const [env, variable] of [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
      [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
      [{ TOKEN_SECRET: 'short' }, 'TOKEN_SECRET'],
      [{ DEMO_AGENT_PASSWORD: 'short' }, 'DEMO_AGENT_PASSWORD'],
      [{ PAYMENT_PROVIDER: 'stripe' }, 'PAYMENT_PROVIDER'],
      [{ PAYMENT_PROVIDER: 'http' }, 'PAYMENT_API_URL'],
      [{ PAYMENT_PROVIDER: 'http', PAYMENT_API_URL: 'https://api.example' }, 'PAYMENT_API_TOKEN'],
      [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL'],
      [{ INBOUND_SMTP_PORT: '2525' }, 'INBOUND_EMAIL_DOMAIN'],
      [{ INBOUND_SMTP_PORT: 'smtp', INBOUND_EMAIL_DOMAIN: 'reply.shop.example' }, 'INBOUND_SMTP_PORT'],
      [{ INBOUND_EMAIL_DOMAIN: 'not a domain' }, 'INBOUND_EMAIL_DOMAIN'],
      [{ EMAIL_BATCH_SECONDS: '0' }, 'EMAIL_BATCH_SECONDS'],
      [{ RATE_LIMIT_MESSAGE_BURST: '0' }, 'RATE_LIMIT_MESSAGE_BURST'],
      [{ AI_BASE_URL: 'localhost:11434' }, 'AI_BASE_URL'],
      [{ AI_BASE_URL: 'http://localhost:11434/v1' }, 'AI_MODEL'],
      [{ AI_MODEL: 'qwen2.5:7b' }, 'AI_BASE_URL'],
      [{ AI_BASE_URL: 'http://localhost:11434/v1', AI_MODEL: 'm', AI_TIMEOUT_MS: 'soon' }, 'AI_TIMEOUT_MS'],
      [
        {
          AI_BASE_URL: 'http://localhost:11434/v1',
          AI_MODEL: 'm',
          AI_TIMEOUT_MS: '5000',
          AI_FIRST_TOKEN_TIMEOUT_MS: '9000',
        },
        'AI_FIRST_TOKEN_TIMEOUT_MS',
      ],
      [{ AI_MAX_TURNS: '0' }, 'AI_MAX_TURNS'],
      [{ AI_DAILY_BUDGET: '-5' }, 'AI_DAILY_BUDGET'],
    ] as const) {
      const message = configError(env);
      expect(message.startsWith(variable), message).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('configures the assistant: the built-in answerer by default, any chat-completions endpoint when set', () => {
    const builtin = loadConfig({}, 'demo');
    expect(builtin.ai).toBeUndefined();
    expect(builtin.assistant).toEqual({ maxTurns: 20, dailyBudget: 2000 });
    const model = loadConfig(
      { AI_BASE_URL: ' http://localhost:11434/v1 ', AI_MODEL: 'qwen2.5:7b', AI_MAX_TURNS: '8' },
      'demo',
    );
    expect(model.ai).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      apiKey: 'none',
      model: 'qwen2.5:7b',
      timeoutMs: 15_000,
      firstTokenTimeoutMs: 8_000,
    });
    expect(model.assistant.maxTurns).toBe(8);
  });

  it('requires TOKEN_SECRET in production only', () => {
    expect(configError({}, 'production')).toMatch(/^TOKEN_SECRET is required in production/);
    expect(loadConfig({ TOKEN_SECRET: SECRET }, 'production').tokenSecret).toBe(SECRET);
  });

  it('accepts postgres:// and postgresql:// URLs with a pool size', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db.internal:5432/topay' }, 'demo').database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db.internal:5432/topay',
      poolSize: 10,
    });
    const config = loadConfig(
      { DATABASE_URL: ' postgresql://u@db/topay?sslmode=require ', DATABASE_POOL_SIZE: '25' },
      'demo',
    );
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://u@db/topay?sslmode=require',
      poolSize: 25,
    });
    expect(configError({ DATABASE_URL: 'postgres://db/topay', DATABASE_POOL_SIZE: '0' })).toMatch(
      /^DATABASE_POOL_SIZE must be a positive whole number/,
    );
  });

  it('bounds the chat messages a node works on at once (MESSAGE_QUEUE_SIZE, MESSAGE_QUEUE_MAX_WAIT_MS)', () => {
    expect(loadConfig({}, 'demo').messageQueue).toEqual({ size: 2000, maxWaitMs: 500 });
    expect(
      loadConfig({ MESSAGE_QUEUE_SIZE: ' 300 ', MESSAGE_QUEUE_MAX_WAIT_MS: '250' }, 'demo').messageQueue,
    ).toEqual({ size: 300, maxWaitMs: 250 });
    for (const name of ['MESSAGE_QUEUE_SIZE', 'MESSAGE_QUEUE_MAX_WAIT_MS']) {
      for (const value of ['0', '-1', 'lots', '1.5']) {
        expect(configError({ [name]: value })).toMatch(
          new RegExp(`^${name} must be a positive whole number`),
        );
      }
    }
  });

  it('reports a malformed database URL in one line without echoing the password', () => {
    for (const DATABASE_URL of [
      'postgres://user:hunter2-secret@db:notaport/x',
      'postgres://user:hunter2-secret@/x',
    ]) {
      const message = configError({ DATABASE_URL });
      expect(message).toMatch(/^DATABASE_URL /);
      expect(message).not.toContain('hunter2-secret');
      expect(message).not.toContain('\n');
    }
  });

  it('accepts sqlite:// URLs and trusted proxy lists', () => {
    const config = loadConfig(
      { DATABASE_URL: 'sqlite:///tmp/x.sqlite', TRUST_PROXY: '10.0.0.1, 10.0.0.2' },
      'demo',
    );
    expect(config.database).toEqual({ kind: 'sqlite', file: '/tmp/x.sqlite', synchronous: 'normal' });
    expect(config.trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('reads SQLITE_SYNCHRONOUS as normal or full, and refuses anything else', () => {
    const database = (SQLITE_SYNCHRONOUS: string) => loadConfig({ SQLITE_SYNCHRONOUS }, 'demo').database;
    expect(database('')).toMatchObject({ kind: 'sqlite', synchronous: 'normal' });
    expect(database('FULL')).toMatchObject({ kind: 'sqlite', synchronous: 'full' });
    expect(() => database('off')).toThrow('SQLITE_SYNCHRONOUS must be normal or full, got "off"');
  });

  it('reads TRUST_PROXY as off, all, a hop count or addresses, CIDR ranges and range names', () => {
    const trust = (TRUST_PROXY: string) => loadConfig({ TRUST_PROXY }, 'demo').trustProxy;
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust(' 2 ')).toBe(2);
    expect(trust('10.0.0.0/8,fd00::/8 , loopback,uniquelocal')).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
      'uniquelocal',
    ]);
    for (const bad of ['maybe', '10.0.0.1, proxy.internal', '10.0.0.0/33', '-1', ',', 'yes']) {
      const message = configError({ TRUST_PROXY: bad });
      expect(message, bad).toMatch(/^TRUST_PROXY must be false, true, a hop count or a comma-separated list/);
      expect(message).toContain(`"${bad}"`);
      expect(message).not.toContain('\n');
    }
  });
});
