// The message append on Postgres alone (issue 16, group commit): `storage.messages.append` from one
// node, a closed loop keeping --window appends in flight over --conversations conversations, after a
// warm-up. Reports appends per second, the node's CPU per message and Postgres's own CPU per message
// (/proc of the scratch database's backends, as bench/load.mjs counts them). Compare builds with
// --server (another build's dist/cli.js, e.g. a copy of an older build inside packages/server).
// Needs DATABASE_URL or TEST_DATABASE_URL (`eval "$(scripts/services.sh start)"`); run after `pnpm build`.
//   node bench/append.mjs [--messages 6000] [--window 200] [--conversations 100] [--server path/to/dist/cli.js]
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string' },
    window: { type: 'string' },
    conversations: { type: 'string' },
    server: { type: 'string' },
  },
});
const MESSAGES = Number(flags.messages ?? 6000);
const WINDOW = Number(flags.window ?? 200);
const CONVERSATIONS = Number(flags.conversations ?? 100);
const dist = path.dirname(path.resolve(flags.server ?? path.join(root, 'packages/server/dist/cli.js')));
const databaseUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!databaseUrl) {
  console.error('bench/append: set DATABASE_URL or TEST_DATABASE_URL (eval "$(scripts/services.sh start)")');
  process.exit(2);
}
const pg = createRequire(path.join(root, 'packages/server/package.json'))('pg');
const { openPostgresStorage } = await import(path.join(dist, 'storage/postgres.js'));

const CLK_TCK = 100;
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}
/** The backends of our scratch database: Postgres names the database in each one's command line. */
function backendsOf(database) {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') return false;
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8')
          .replaceAll('\0', ' ')
          .split(' ')
          .includes(database);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const admin = new pg.Client({ connectionString: databaseUrl });
await admin.connect();
const database = `topay_append_${randomBytes(4).toString('hex')}`;
await admin.query(`create database ${database}`);
const url = new URL(databaseUrl);
url.pathname = `/${database}`;
const storage = openPostgresStorage(url.toString());
try {
  await storage.migrate();
  const merchant = await storage.merchants.create({
    key: `pk_${database}`,
    secret: 'sk_bench',
    name: 'Bench',
    defaultLocale: 'en',
    allowedOrigins: [],
    settings: { color: '#123456', position: 'right', colorScheme: 'auto', greeting: {} },
  });
  const conversations = [];
  for (let i = 0; i < CONVERSATIONS; i += 1) {
    const visitor = await storage.visitors.create(merchant.id);
    conversations.push(
      await storage.conversations.create({
        merchantId: merchant.id,
        visitorId: visitor.id,
        topic: 'payment',
        flagged: false,
        offline: false,
        context: { locale: 'en' },
        payment: null,
      }),
    );
  }
  let sent = 0;
  const append = () => {
    const i = sent++;
    const conversation = conversations[i % conversations.length];
    return storage.messages.append({
      conversationId: conversation.id,
      clientId: `bench-client-${i}`,
      authorType: 'visitor',
      authorId: conversation.visitorId,
      authorName: null,
      text: `message ${i}`,
      internal: false,
      redacted: false,
      attachmentIds: [],
    });
  };
  /** A closed loop: `count` appends, `WINDOW` in flight. */
  const run = (count) =>
    new Promise((resolve, reject) => {
      let started = 0;
      let done = 0;
      const pump = () => {
        while (started - done < WINDOW && started < count) {
          started += 1;
          append().then(() => {
            done += 1;
            if (done === count) resolve();
            else pump();
          }, reject);
        }
      };
      pump();
    });
  await run(Math.min(1000, MESSAGES));
  const backends = backendsOf(database);
  const postgres0 = backends.map(cpuSeconds);
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  await run(MESSAGES);
  const seconds = (performance.now() - t0) / 1000;
  const node = process.cpuUsage(node0);
  const postgres = backends.reduce((sum, pid, i) => sum + cpuSeconds(pid) - postgres0[i], 0);
  const perMessage = (s) => Math.round((s / MESSAGES) * 1e6);
  console.log(
    `append on Postgres (${path.relative(root, dist)}): ${MESSAGES} messages, window ${WINDOW}, ` +
      `${CONVERSATIONS} conversations: ${Math.round(MESSAGES / seconds)} msg/s; CPU per message: ` +
      `node ${perMessage((node.user + node.system) / 1e6)} µs, Postgres ${perMessage(postgres)} µs`,
  );
} finally {
  await storage.close();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
}
