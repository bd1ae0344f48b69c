#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { AGENT_ROLES, LIMITS } from '@topay-support/protocol';
import { Command, InvalidArgumentError, Option } from 'commander';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { recordCliAudit, registerAuditCommands } from './cli/audit.js';
import { registerIntegrationCommands } from './cli/integrations.js';
import { registerMerchantCommands } from './cli/merchants.js';
import { runServer } from './cli/run-server.js';
import { merchantByKey, UsageError, withMigratedStorage, withStorage } from './cli/tool-storage.js';
import { ConfigError, loadConfig } from './config.js';
import { randomSecret, readOrCreateSecret } from './demo/secrets.js';
import { seedDemo } from './demo/seed.js';
import { configuredAttachmentStore } from './features/attachments/store.js';
import { readArticleFolder, writeArticleFolder } from './features/help/article-files.js';
import { endAgentSessionsInRedis } from './redis/end-agent-sessions.js';
import { forgetVisitorInRedis } from './redis/forget-visitor.js';
import { openStorage } from './storage/index.js';
import type { Storage } from './storage/storage.js';
import { ConflictError } from './storage/unique.js';

const program = new Command('topay-support')
  .description('topay-support server and operator tools')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('serve')
  .description('run the server for real traffic (requires TOKEN_SECRET; seeds nothing)')
  .action(async () => {
    const config = loadConfig(process.env, 'production');
    const storage = openStorage(config.database, { serving: true });
    const applied = await storage.migrate();
    const url = await runServer({ ...config, tokenSecret: config.tokenSecret! }, storage);
    console.log(JSON.stringify({ level: 30, msg: 'topay-support serving', url, migrationsApplied: applied }));
  });

program
  .command('demo')
  .description('run the demo: SQLite under DATA_DIR, demo merchant, agent, payments and articles')
  .action(async () => {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env }, 'demo');
    const storage = openStorage(config.database, { serving: true });
    await storage.migrate();
    const seed = await seedDemo(storage, {
      dataDir: config.dataDir,
      agentPassword: config.demoAgentPassword,
    });
    const tokenSecret =
      config.tokenSecret ?? readOrCreateSecret(config.dataDir, 'token-secret', randomSecret);
    const url = (await runServer({ ...config, tokenSecret }, storage)).replace('127.0.0.1', 'localhost');
    console.log(
      [
        '',
        '  topay-support demo is running',
        '',
        `  Merchant page   ${url}/`,
        `  Agent console   ${url}/console/`,
        `  Agent login     ${seed.agentEmail}  /  ${seed.agentPassword}`,
        `  Data            ${config.dataDir} (${seed.articles} articles, ${seed.payments} payments)`,
        // docs/email.md says how to turn it on locally.
        config.smtpUrl
          ? `  Email           replies mailed through SMTP_URL${config.email.inboundDomain ? `, received for ${config.email.inboundDomain}` : ''}`
          : '  Email           continuity is off (set SMTP_URL to mail replies; see docs/email.md)',
        '',
        '  Stop with Ctrl+C.',
        '',
      ].join('\n'),
    );
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const applied = await withStorage('tool', (storage) => storage.migrate());
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  });

registerMerchantCommands(program);

/**
 * After a change that ends an agent's sessions: their tokens fail at the next request already; on a
 * cluster (REDIS_URL) their open consoles are disconnected on every node now, else by the sweep.
 */
async function endSessionsEverywhere(agentId: string): Promise<void> {
  const { redisUrl } = loadConfig(process.env, 'tool');
  if (redisUrl) await endAgentSessionsInRedis(redisUrl, agentId);
}

const agent = program.command('agent').description('manage agents');
agent
  .command('create')
  .description('create an agent; prints a generated password unless --password-stdin is given')
  .requiredOption('--merchant <key>', 'the merchant key, pk_…')
  .requiredOption('--email <email>', 'login email')
  .requiredOption('--name <name>', 'name shown to visitors')
  .addOption(new Option('--role <role>', 'agent or admin').choices(AGENT_ROLES).default('agent'))
  .option('--password-stdin', 'read the password from standard input instead of generating one')
  .action(
    async (options: {
      merchant: string;
      email: string;
      name: string;
      role: (typeof AGENT_ROLES)[number];
      passwordStdin?: boolean;
    }) => {
      const email = options.email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        throw new UsageError(`--email "${options.email}" is not an email address`);
      const password = options.passwordStdin ? readFileSync(0, 'utf8').trim() : generatePassword();
      if (password.length < LIMITS.passwordMinLength) {
        throw new UsageError(`the password must be at least ${LIMITS.passwordMinLength} characters`);
      }
      await withMigratedStorage(async (storage) => {
        const owner = await merchantByKey(storage, options.merchant);
        await storage.agents.create({
          merchantId: owner.id,
          email,
          name: options.name.trim(),
          role: options.role,
          passwordHash: await hashPassword(password),
        });
        await recordCliAudit(storage, {
          merchantId: owner.id,
          action: 'agent.created',
          target: email,
          details: { role: options.role },
        });
      });
      console.log(
        options.passwordStdin ? `agent ${email} created` : `agent ${email} created; password: ${password}`,
      );
    },
  );

const articles = program
  .command('articles')
  .description('help-center articles as a folder of Markdown files');
articles
  .command('import <dir>')
  .description('create or update articles from <dir>/**/*.md (YAML front matter + Markdown)')
  .requiredOption('--merchant <key>', 'the merchant key, pk_…')
  .action(async (dir: string, options: { merchant: string }) => {
    const files = await readArticleFolder(dir).catch((error: unknown) => {
      throw new UsageError((error as Error).message);
    });
    if (files.length === 0) throw new UsageError(`no .md files found under ${dir}`);
    await withMigratedStorage(async (storage) => {
      const owner = await merchantByKey(storage, options.merchant);
      for (const file of files) await storage.articles.upsert({ ...file, merchantId: owner.id });
    });
    console.log(`imported ${files.length} article(s) for ${options.merchant}`);
  });
articles
  .command('export <dir>')
  .description('write every article as <dir>/<locale>/<slug>.md')
  .requiredOption('--merchant <key>', 'the merchant key, pk_…')
  .action(async (dir: string, options: { merchant: string }) => {
    const written = await withMigratedStorage(async (storage) => {
      const owner = await merchantByKey(storage, options.merchant);
      const all = await storage.articles.list(owner.id, { publishedOnly: false });
      return writeArticleFolder(
        dir,
        all.map(({ id: _id, merchantId: _m, ...file }) => file),
      );
    });
    console.log(`exported ${written.length} article(s) to ${dir}`);
  });

for (const [name, disabled] of [
  ['disable', true],
  ['enable', false],
] as const) {
  agent
    .command(`${name} <email>`)
    .description(
      disabled
        ? 'stop an agent from logging in; their tokens stop working at once, open consoles at once with REDIS_URL, else within 15 s'
        : 'let a disabled agent log in again',
    )
    .action(async (email: string) => {
      await withMigratedStorage(async (storage) => {
        const found = await storage.agents.findByEmail(email);
        if (!found) throw new UsageError(`no agent with email ${email}`);
        await storage.agents.setDisabled(found.id, disabled);
        if (disabled) await endSessionsEverywhere(found.id);
        await recordCliAudit(storage, {
          merchantId: found.merchantId,
          action: disabled ? 'agent.disabled' : 'agent.enabled',
          target: found.email,
        });
      });
      console.log(`agent ${email.trim().toLowerCase()} ${disabled ? 'disabled' : 'enabled'}`);
    });
}

agent
  .command('reset-password <email>')
  .description('set a new password (generated and printed, or read from standard input)')
  .option('--password-stdin', 'read the password from standard input instead of generating one')
  .action(async (email: string, options: { passwordStdin?: boolean }) => {
    const password = options.passwordStdin ? readFileSync(0, 'utf8').trim() : generatePassword();
    if (password.length < LIMITS.passwordMinLength) {
      throw new UsageError(`the password must be at least ${LIMITS.passwordMinLength} characters`);
    }
    await withMigratedStorage(async (storage) => {
      const found = await storage.agents.findByEmail(email);
      if (!found) throw new UsageError(`no agent with email ${email}`);
      // Also ends every session of the agent: tokens at once, open consoles at once with REDIS_URL, else within 15 s.
      await storage.agents.setPasswordHash(found.id, await hashPassword(password));
      await endSessionsEverywhere(found.id);
      await recordCliAudit(storage, {
        merchantId: found.merchantId,
        action: 'agent.password_changed',
        target: found.email,
        details: { by: 'cli' },
      });
    });
    console.log(options.passwordStdin ? 'password changed' : `new password: ${password}`);
  });

agent
  .command('set-role <email>')
  .description("change an agent's role; their sessions end, so the new role applies at once")
  .addOption(new Option('--role <role>', 'agent or admin').choices(AGENT_ROLES).makeOptionMandatory())
  .action(async (email: string, options: { role: (typeof AGENT_ROLES)[number] }) => {
    await withMigratedStorage(async (storage) => {
      const found = await storage.agents.findByEmail(email);
      if (!found || found.role === 'bot') throw new UsageError(`no agent with email ${email}`);
      if (found.role === options.role) return;
      await storage.agents.setRole(found.id, options.role);
      await endSessionsEverywhere(found.id);
      await recordCliAudit(storage, {
        merchantId: found.merchantId,
        action: 'agent.role_changed',
        target: found.email,
        details: { from: found.role, to: options.role },
      });
    });
    console.log(`agent ${email.trim().toLowerCase()} is now ${options.role}`);
  });

agent
  .command('reset-2fa <email>')
  .description('turn off two-factor sign-in for an agent who lost their phone and recovery codes')
  .action(async (email: string) => {
    await withMigratedStorage(async (storage) => {
      const found = await storage.agents.findByEmail(email);
      if (!found || found.role === 'bot') throw new UsageError(`no agent with email ${email}`);
      await storage.agentTotp.disable(found.id);
      await recordCliAudit(storage, {
        merchantId: found.merchantId,
        action: 'agent.2fa_reset',
        target: found.email,
      });
    });
    console.log(
      `two-factor sign-in is off for ${email.trim().toLowerCase()}; they enrol again at their next sign-in if required`,
    );
  });

const visitor = program.command('visitor').description("a visitor's data: export it or delete it everywhere");
const visitorTarget = (command: Command) =>
  command
    .requiredOption('--merchant <key>', 'the merchant key, pk_…')
    .option('--visitor <id>', 'the visitor id (as shown in the console)')
    .option('--user <userId>', "the merchant's user id of an identified visitor");

async function findVisitor(storage: Storage, options: { merchant: string; visitor?: string; user?: string }) {
  if (!options.visitor === !options.user) throw new UsageError('name exactly one of --visitor and --user');
  const owner = await merchantByKey(storage, options.merchant);
  const found = options.visitor
    ? await storage.visitors.findById(options.visitor)
    : await storage.visitors.findByUserId(owner.id, options.user!);
  if (!found || found.merchantId !== owner.id) throw new UsageError('no such visitor for this merchant');
  return found;
}

visitorTarget(visitor.command('export'))
  .description('print everything stored about a visitor as JSON (their conversations as they saw them)')
  .action(async (options: { merchant: string; visitor?: string; user?: string }) => {
    const data = await withMigratedStorage(async (storage) => {
      const found = await findVisitor(storage, options);
      const all = await storage.conversations.listForVisitor(found.id);
      // Ids only: the trail must not become a second copy of the personal data it accounts for.
      await recordCliAudit(storage, {
        merchantId: found.merchantId,
        action: 'visitor.exported',
        target: found.id,
        details: { conversations: all.length },
      });
      return {
        visitor: found,
        conversations: await Promise.all(
          all.map(async (conversation) => ({
            ...conversation,
            messages: await storage.messages.listAfter(conversation.id, 0, 100_000, false),
          })),
        ),
      };
    });
    console.log(JSON.stringify(data, null, 2));
  });

visitorTarget(visitor.command('delete'))
  .description(
    'delete a visitor everywhere: conversations, messages, attachments, webhook payloads, and what Redis holds',
  )
  .action(async (options: { merchant: string; visitor?: string; user?: string }) => {
    const config = loadConfig(process.env, 'tool');
    const removed = await withMigratedStorage(async (storage) => {
      const found = await findVisitor(storage, options);
      const conversations = await storage.conversations.listForVisitor(found.id);
      const attachmentIds = await storage.visitors.delete(found.id);
      await recordCliAudit(storage, {
        merchantId: found.merchantId,
        action: 'visitor.deleted',
        target: found.id,
        details: { conversations: conversations.length, attachments: attachmentIds.length },
      });
      const store = configuredAttachmentStore(config, storage);
      for (const id of attachmentIds) await store.delete(id);
      const redis = config.redisUrl
        ? await forgetVisitorInRedis(
            config.redisUrl,
            found.id,
            conversations.map((conversation) => conversation.id),
          )
        : undefined;
      return { visitorId: found.id, attachments: attachmentIds.length, redis };
    });
    console.log(
      `deleted visitor ${removed.visitorId} and ${removed.attachments} attachment(s)` +
        (removed.redis
          ? `; Redis: disconnected their sockets, removed ${removed.redis.streamEntries} relayed event(s) and ${removed.redis.keys} counter(s)`
          : ''),
    );
  });

registerIntegrationCommands(program);
registerAuditCommands(program);

function parseOrFail(): Promise<unknown> {
  return program.parseAsync(process.argv).catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof ConflictError) {
      console.error(`topay-support: ${error.message}`);
      process.exit(error instanceof ConfigError ? 78 : 1);
    }
    if (error instanceof InvalidArgumentError) process.exit(1);
    console.error('topay-support: unexpected failure', error);
    process.exit(1);
  });
}

void parseOrFail();
