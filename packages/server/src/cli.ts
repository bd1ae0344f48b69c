#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { AGENT_ROLES, LIMITS, matchLocale } from '@topay-support/protocol';
import { Command, InvalidArgumentError, Option } from 'commander';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { runServer } from './cli/run-server.js';
import { ConfigError, loadConfig, type Mode } from './config.js';
import { randomSecret, readOrCreateSecret } from './demo/secrets.js';
import { seedDemo } from './demo/seed.js';
import { readArticleFolder, writeArticleFolder } from './features/help/article-files.js';
import { isValidOriginPattern } from './features/merchants/origins.js';
import { openStorage } from './storage/index.js';
import { ConflictError, type Storage } from './storage/types.js';

/** A failure the operator can fix; printed as one line without a stack trace. */
class UsageError extends Error {}

/** Opens the configured database, brought up to date, for one operator command. */
async function withStorage<T>(mode: Mode, work: (storage: Storage) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, mode);
  const storage = openStorage(config.database);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

const program = new Command('topay-support')
  .description('topay-support server and operator tools')
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('serve')
  .description('run the server for real traffic (requires TOKEN_SECRET; seeds nothing)')
  .action(async () => {
    const config = loadConfig(process.env, 'production');
    const storage = openStorage(config.database);
    const applied = await storage.migrate();
    const url = await runServer({ ...config, tokenSecret: config.tokenSecret! }, storage);
    console.log(JSON.stringify({ level: 30, msg: 'topay-support serving', url, migrationsApplied: applied }));
  });

program
  .command('demo')
  .description('run the demo: SQLite under DATA_DIR, demo merchant, agent, payments and articles')
  .action(async () => {
    const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env }, 'demo');
    const storage = openStorage(config.database);
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

const merchant = program.command('merchant').description('manage merchants');
merchant
  .command('create')
  .description('create a merchant and print its public key and secret')
  .requiredOption('--name <name>', 'name shown to visitors')
  .requiredOption(
    '--origin <pattern...>',
    'allowed page origins, e.g. https://shop.example https://*.shop.example http://localhost:*',
  )
  .option('--locale <locale>', 'default locale (zh-CN or en)', 'zh-CN')
  .option('--color <hex>', 'brand colour as #rrggbb', '#1f5fd1')
  .action(async (options: { name: string; origin: string[]; locale: string; color: string }) => {
    const locale = matchLocale(options.locale);
    if (!locale) throw new UsageError(`--locale must be zh-CN or en, got "${options.locale}"`);
    const bad = options.origin.find((origin) => !isValidOriginPattern(origin));
    if (bad) throw new UsageError(`--origin "${bad}" is not an origin pattern like https://shop.example`);
    if (!/^#[0-9a-fA-F]{6}$/.test(options.color)) throw new UsageError('--color must look like #1f5fd1');
    const name = options.name.trim();
    if (!name || name.length > LIMITS.nameLength)
      throw new UsageError(`--name must be 1–${LIMITS.nameLength} characters`);
    const created = await withStorage('tool', async (storage) => {
      await storage.migrate();
      return storage.merchants.create({
        key: `pk_${randomSecret().slice(0, 24)}`,
        secret: `sk_${randomSecret()}`,
        name,
        defaultLocale: locale,
        allowedOrigins: options.origin,
        settings: {
          color: options.color.toLowerCase(),
          position: 'right',
          colorScheme: 'auto',
          greeting: {},
        },
      });
    });
    console.log(
      `merchant key:    ${created.key}\nmerchant secret: ${created.secret}\n(keep the secret on your server: it signs userHash)`,
    );
  });

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
      await withStorage('tool', async (storage) => {
        await storage.migrate();
        const owner = await storage.merchants.findByKey(options.merchant);
        if (!owner) throw new UsageError(`no merchant with key ${options.merchant}`);
        await storage.agents.create({
          merchantId: owner.id,
          email,
          name: options.name.trim(),
          role: options.role,
          passwordHash: await hashPassword(password),
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
    await withStorage('tool', async (storage) => {
      await storage.migrate();
      const owner = await storage.merchants.findByKey(options.merchant);
      if (!owner) throw new UsageError(`no merchant with key ${options.merchant}`);
      for (const file of files) await storage.articles.upsert({ ...file, merchantId: owner.id });
    });
    console.log(`imported ${files.length} article(s) for ${options.merchant}`);
  });
articles
  .command('export <dir>')
  .description('write every article as <dir>/<locale>/<slug>.md')
  .requiredOption('--merchant <key>', 'the merchant key, pk_…')
  .action(async (dir: string, options: { merchant: string }) => {
    const written = await withStorage('tool', async (storage) => {
      await storage.migrate();
      const owner = await storage.merchants.findByKey(options.merchant);
      if (!owner) throw new UsageError(`no merchant with key ${options.merchant}`);
      const all = await storage.articles.list(owner.id, { publishedOnly: false });
      return writeArticleFolder(
        dir,
        all.map(({ id: _id, merchantId: _m, ...file }) => file),
      );
    });
    console.log(`exported ${written.length} article(s) to ${dir}`);
  });

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
