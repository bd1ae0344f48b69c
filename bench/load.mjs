// Load benchmark of the live-chat relay (issue 7). N visitors and M agents against our server (one
// child process: `node packages/server/dist/cli.js serve`, SQLite) and, in the same run, against a
// bare socket.io 4.8 relay of the same messages (bench/lib/load-relay.mjs: websocket, rooms of two);
// then the same with two nodes over Redis when REDIS_URL or TEST_REDIS_URL is set.
//
//   node bench/load.mjs [--visitors 10000] [--agents 100] [--rate 1000] [--duration 20]
//                       [--saturate 15] [--window 400] [--nodes 1|2|both] [--clients 1]
//                       [--concurrency 100] [--quick] [--profile] [--timeout 1800]
//                       [--only ours|bare] [--server path/to/dist/cli.js]
//
// Phases per target: connect M agents (log in over HTTP, then the agent socket) and N visitors
// (connect rate), open one conversation per visitor, one probe message end to end, then a steady
// open-loop rate (ack latency = send → ack at the sender, delivery latency = send → arrival at the
// agent), then saturation: a closed loop keeping --window messages in flight (a slot frees when the
// message is both acknowledged and delivered). Memory per connection is the server's RSS growth
// (/proc/<pid>/status) from idle to all connected with open conversations, divided by connections.
//
// Loopback only, bounded, stops by itself (--timeout kills everything and exits 3). Each client
// binds its own 127.x.y.z address so per-IP limits stay as configured (the defaults). Needs
// `ulimit -n` above N + M: when the soft limit is too low and the hard limit allows, it re-runs
// itself through bash with the limit raised. A benchmark, not a test: exits 0 on MISS, non-zero
// only when the benchmark itself broke. Run after `pnpm build` (`pnpm bench:load` does both).
import { execFileSync, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const relayScript = path.join(import.meta.dirname, 'lib/load-relay.mjs');
const workerScript = path.join(import.meta.dirname, 'lib/load-worker.mjs');

// ---------------------------------------------------------------------------------------------
// Options

const { values: flags } = parseArgs({
  options: {
    visitors: { type: 'string' },
    agents: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
    saturate: { type: 'string' },
    window: { type: 'string' },
    nodes: { type: 'string', default: 'both' },
    clients: { type: 'string', default: '1' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    only: { type: 'string' },
    server: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(0, 23)
      .join('\n'),
  );
  process.exit(0);
}
const quick = flags.quick;
const num = (name, full, small) => {
  const raw = flags[name];
  const value = raw === undefined ? (quick ? small : full) : Number(raw);
  if (!Number.isFinite(value) || value <= 0) fail(`--${name} must be a positive number, got "${raw}"`);
  return value;
};
const opts = {
  visitors: Math.floor(num('visitors', 10_000, 200)),
  agents: Math.floor(num('agents', 100, 10)),
  rate: num('rate', 1000, 100),
  duration: num('duration', 20, 5),
  saturate: num('saturate', 15, 5),
  window: Math.floor(num('window', 400, 50)),
  clients: Math.floor(num('clients', 1, 1)),
  concurrency: Math.floor(num('concurrency', 100, 50)),
  timeout: num('timeout', 1800, 300),
  nodes: flags.nodes,
  profile: flags.profile,
  // Only one kind of target (`ours` or `bare`), for profiling; both by default.
  only: flags.only,
};
// Another build of the server (e.g. a patched copy of packages/server/dist) to compare with.
const cli = path.resolve(flags.server ?? path.join(root, 'packages/server/dist/cli.js'));
const dist = path.dirname(cli);
if (!['1', '2', 'both'].includes(opts.nodes)) fail(`--nodes must be 1, 2 or both, got "${opts.nodes}"`);
if (opts.only && !['ours', 'bare'].includes(opts.only)) fail(`--only must be ours or bare`);
if (opts.agents > opts.visitors) fail('--agents must not exceed --visitors');

function fail(message, code = 2) {
  console.error(`bench/load: ${message}`);
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------
// File descriptors: every connection is a socket on both ends (server child and load generator).

function openFileLimit() {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = line.trim().split(/\s+/).slice(3, 5);
  const parse = (v) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
  return { soft: parse(soft), hard: parse(hard) };
}
{
  const needed = Math.ceil((opts.visitors + opts.agents) / opts.clients) + opts.agents + 1024;
  const { soft, hard } = openFileLimit();
  if (soft < needed) {
    const target = Math.min(65_536, hard);
    if (target >= needed && !process.env.TOPAY_LOAD_BENCH_REEXEC) {
      const child = spawn(
        'bash',
        ['-c', `ulimit -n ${target} && exec "$0" "$@"`, process.execPath, ...process.argv.slice(1)],
        { stdio: 'inherit', env: { ...process.env, TOPAY_LOAD_BENCH_REEXEC: '1' } },
      );
      for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
      child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
      await new Promise(() => {});
    }
    fail(
      `ulimit -n is ${soft} (hard ${hard}), too low for ${opts.visitors + opts.agents} connections: ` +
        `need about ${needed}. Raise it (\`ulimit -n 65536\`, or the hard limit in /etc/security/limits.conf) ` +
        `or pass fewer --visitors.`,
    );
  }
}

if (!existsSync(cli)) fail('packages/server/dist is missing: run `npx pnpm@10.34.9 build` first');

// ---------------------------------------------------------------------------------------------
// Children: every process we start is killed when we stop, however we stop.

const children = new Set();
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
/** Scratch folders, removed however we stop. */
const scratchDirs = new Set();
function killAll() {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\nbench/load: ${signal}; stopping every child`);
    killAll();
    process.exit(130);
  });
}
let phase = 'starting';
const overall = setTimeout(() => {
  console.error(`bench/load: gave up after ${opts.timeout} s (in phase: ${phase}); killing every child`);
  killAll();
  process.exit(3);
}, opts.timeout * 1000);

// ---------------------------------------------------------------------------------------------
// Helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function rssKiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  } catch {
    return Number.NaN;
  }
}
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return Number.NaN;
  }
}
function machineBusySeconds() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}
/**
 * CPU use (% of one core) between the call and the returned function's call: of the servers under
 * test, of the load generators, and of everything else on the machine (other work skews the numbers).
 */
/** Postgres and Redis processes on this machine: their CPU is part of a two-node run's cost. */
function servicePids() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^(postgres|redis-server)$/.test(readFileSync(`/proc/${entry}/comm`, 'utf8').trim()))
        pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

function cpuMeter(serverPids, clientPids) {
  const services = servicePids();
  const serviceStart = services.map(cpuSeconds);
  const servers = serverPids.map(cpuSeconds);
  const clients = clientPids.map(cpuSeconds);
  const self = process.cpuUsage();
  const machine = machineBusySeconds();
  const t = performance.now();
  return () => {
    const seconds = (performance.now() - t) / 1000;
    const pct = (s) => (s / seconds) * 100;
    const server = sum(serverPids.map((pid, i) => cpuSeconds(pid) - servers[i]));
    const client = sum(clientPids.map((pid, i) => cpuSeconds(pid) - clients[i]));
    const own = process.cpuUsage(self);
    const ownSeconds = (own.user + own.system) / 1e6;
    const service = sum(services.map((pid, i) => cpuSeconds(pid) - serviceStart[i] || 0));
    const others = Math.max(0, machineBusySeconds() - machine - server - client - ownSeconds - service);
    return {
      server: pct(server),
      client: pct(client + ownSeconds),
      services: pct(service),
      others: pct(others),
    };
  };
}

/** Counters from our server's /metrics (Prometheus text), summed over label sets. */
async function scrape(urls) {
  const totals = {};
  for (const url of urls) {
    try {
      const text = await (await fetch(`${url}/metrics`)).text();
      for (const line of text.split('\n')) {
        const match =
          /^(topay_(?:db_query_seconds_(?:sum|count)|message_ack_seconds_(?:sum|count)|messages_relayed_total|errors_total))(?:\{[^}]*\})? ([0-9.e+-]+)$/.exec(
            line,
          );
        if (match) totals[match[1]] = (totals[match[1]] ?? 0) + Number(match[2]);
        // Event-loop delay since the previous scrape (prom-client resets it on every collect).
        const lag = /^topay_nodejs_eventloop_lag_(p99|max)_seconds ([0-9.e+-]+)$/.exec(line);
        if (lag) totals[`lag_${lag[1]}`] = Math.max(totals[`lag_${lag[1]}`] ?? 0, Number(lag[2]));
      }
    } catch {}
  }
  return totals;
}
function perMessage(before, after) {
  const d = (k) => (after[k] ?? 0) - (before[k] ?? 0);
  const messages = d('topay_messages_relayed_total');
  if (!messages) return undefined;
  return {
    dbQueries: d('topay_db_query_seconds_count') / messages,
    dbMs: (d('topay_db_query_seconds_sum') * 1000) / messages,
    serverAckMs:
      (d('topay_message_ack_seconds_sum') * 1000) / Math.max(1, d('topay_message_ack_seconds_count')),
    errors: d('topay_errors_total'),
    loopP99Ms: (after.lag_p99 ?? Number.NaN) * 1000,
    loopMaxMs: (after.lag_max ?? Number.NaN) * 1000,
  };
}

function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** 127.a.b.c for client `i`: every visitor and agent has an address of its own, none is 127.0.0.1. */
function address(block, i) {
  return `127.${block + Math.floor(i / (254 * 254))}.${1 + (Math.floor(i / 254) % 254)}.${1 + (i % 254)}`;
}

/** Reads a child's stdout until a JSON line with `url`; collects every other line for the log count. */
function waitForUrl(child, label, log) {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    let found = false;
    const timer = setTimeout(
      () => reject(new Error(`${label} printed no URL within 30 s\n${stderr}`)),
      30_000,
    );
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        let parsed;
        try {
          parsed = JSON.parse(line);
        } catch {}
        if (!found && parsed?.url) {
          found = true;
          clearTimeout(timer);
          resolve(parsed.url);
        } else if (line.trim()) {
          log.lines++;
          if (log.sample.length < 5) log.sample.push(line.slice(0, 300));
        }
      }
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        log.lines++;
        if (log.sample.length < 5) log.sample.push(line.slice(0, 300));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`${label} exited (${code ?? signal}) before serving: ${stderr.trim()}`));
    });
  });
}

async function stopChild(child, ms = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(ms).then(() => false)])) return;
  child.kill('SIGKILL');
  await exited;
}

// ---------------------------------------------------------------------------------------------
// Workers (load generators)

function startWorker(index) {
  const child = track(
    fork(workerScript, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--max-old-space-size=4096'],
    }),
  );
  const calls = new Map();
  let next = 0;
  child.on('message', (message) => {
    const call = calls.get(message.id);
    if (!call) return;
    calls.delete(message.id);
    if (message.ok) call.resolve(message.result);
    else call.reject(new Error(`load worker ${index}: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const call of calls.values())
      call.reject(new Error(`load worker ${index} exited (${code ?? signal})`));
    calls.clear();
  });
  return {
    child,
    call(cmd, args = {}) {
      return new Promise((resolve, reject) => {
        const id = next++;
        calls.set(id, { resolve, reject });
        child.send({ id, cmd, ...args });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Setup: merchants and agents straight through the server's storage layer (what `topay-support
// merchant create` / `agent create` do), in one go: M CLI runs would hash M passwords.

const AGENT_PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const TOKEN_SECRET = randomBytes(36).toString('base64url');

async function seed(env, count, runId) {
  const { loadConfig } = await import(path.join(dist, 'config.js'));
  const { openStorage } = await import(path.join(dist, 'storage/index.js'));
  const { hashPassword } = await import(path.join(dist, 'auth/passwords.js'));
  const storage = openStorage(loadConfig(env, 'tool').database);
  try {
    await storage.migrate();
    const passwordHash = await hashPassword(AGENT_PASSWORD);
    const merchants = [];
    for (let m = 0; m < count; m++) {
      const merchant = await storage.merchants.create({
        key: `pk_bench_${runId}_${m}`,
        secret: `sk_${randomBytes(24).toString('base64url')}`,
        name: `Bench shop ${m}`,
        defaultLocale: 'en',
        allowedOrigins: ['http://127.0.0.1:*'],
        settings: { color: '#1f5fd1', position: 'right', colorScheme: 'auto', greeting: {} },
      });
      const email = `agent-${runId}-${m}@bench.test`;
      await storage.agents.create({
        merchantId: merchant.id,
        email,
        name: `Agent ${m}`,
        role: 'agent',
        passwordHash,
      });
      merchants.push({ key: merchant.key, email });
    }
    return merchants;
  } finally {
    await storage.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Servers under test

function baseEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^(RATE_LIMIT_|DATABASE_URL$|REDIS_URL$|TEST_|PORT$|HOST$|DATA_DIR$|LOG_LEVEL$|NODE_OPTIONS$)/.test(key)
    )
      delete env[key];
  }
  delete env.TOPAY_LOAD_BENCH_REEXEC;
  return env;
}

async function startOurs(label, env, profileDir) {
  const log = { lines: 0, sample: [] };
  const execArgv = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${label}.cpuprofile`]
    : [];
  const child = track(
    spawn(process.execPath, [...execArgv, cli, 'serve'], {
      env: { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', TOKEN_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const url = await waitForUrl(child, `our server (${label})`, log);
  return { child, url, log };
}

async function startRelay(label, env) {
  const log = { lines: 0, sample: [] };
  const child = track(spawn(process.execPath, [relayScript], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const url = await waitForUrl(child, `bare relay (${label})`, log);
  return { child, url, log };
}

// ---------------------------------------------------------------------------------------------
// One target: start, connect, load, measure, stop.

/**
 * A scratch database on the Postgres server of `url`, dropped afterwards, so the benchmark never
 * writes into a database that tests (or anyone) use.
 */
async function scratchPostgres(url, runId) {
  const require = createRequire(path.join(dist, '..', 'package.json'));
  const { Client } = require('pg');
  const name = `topay_load_${runId}`;
  const admin = async (sql) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return { url: scratch.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function runTarget(target) {
  const { kind, nodes } = target;
  const label = `${kind}-${nodes}`;
  const runId = randomBytes(4).toString('hex');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `topay-load-${label}-`));
  scratchDirs.add(dataDir);
  const env = { ...baseEnv(), DATA_DIR: dataDir };
  const result = { target: label, kind, nodes };
  let scratch;
  const servers = [];
  const workers = [];
  const sampler = { peak: 0 };
  try {
    phase = `${label}: setup`;
    if (nodes === 2) {
      env.REDIS_URL = redisUrl;
      if (databaseUrl && kind === 'ours') {
        scratch = await scratchPostgres(databaseUrl, runId);
        env.DATABASE_URL = scratch.url;
      }
      if (kind === 'ours')
        result.database = env.DATABASE_URL ? 'Postgres' : 'SQLite (one file shared by both nodes)';
    }
    let merchants;
    if (kind === 'ours') merchants = await seed(env, opts.agents, runId);
    for (let n = 0; n < nodes; n++) {
      const name = nodes === 1 ? label : `${label}${'ab'[n]}`;
      servers.push(
        kind === 'ours'
          ? await startOurs(name, env, opts.profile ? profileDir : undefined)
          : await startRelay(name, env),
      );
    }
    const pids = servers.map((s) => s.child.pid);
    const visitorUrl = servers[0].url;
    const agentUrl = servers[nodes - 1].url;
    const totalRss = () => pids.reduce((sum, pid) => sum + rssKiB(pid), 0);
    const samplerTimer = setInterval(() => {
      sampler.peak = Math.max(sampler.peak, totalRss());
    }, 250);
    sampler.stop = () => clearInterval(samplerTimer);
    await sleep(1000);
    result.rssIdleKiB = totalRss();

    // Agent m serves merchant m; visitor i belongs to merchant i % M; worker w holds merchants
    // m % W == w with all their visitors, so each message's two ends share a clock.
    const W = opts.clients;
    const plan = Array.from({ length: W }, () => ({ agents: [], visitors: [] }));
    for (let m = 0; m < opts.agents; m++) {
      plan[m % W].agents.push({
        id: m,
        ip: address(200, m),
        ...(kind === 'ours'
          ? { merchantKey: merchants[m].key, email: merchants[m].email, password: AGENT_PASSWORD }
          : { rooms: [] }),
      });
    }
    for (let i = 0; i < opts.visitors; i++) {
      const m = i % opts.agents;
      const share = plan[m % W];
      share.visitors.push({
        id: i,
        ip: address(10, i),
        ...(kind === 'ours' ? { merchantKey: merchants[m].key } : {}),
      });
      if (kind === 'bare') share.agents.find((a) => a.id === m).rooms.push(i);
    }
    for (let w = 0; w < W; w++) {
      const worker = startWorker(w);
      workers.push(worker);
      await worker.call('init', {
        setup: { kind, worker: w, visitorUrl, agentUrl },
        agents: plan[w].agents,
        visitors: plan[w].visitors,
      });
    }
    const share = (w, total) => (total * plan[w].visitors.length) / opts.visitors;
    const all = (cmd, args) => Promise.all(workers.map((worker, w) => worker.call(cmd, args(w))));

    phase = `${label}: connecting agents`;
    const agentsRes = await all('agents', () => ({ concurrency: Math.max(1, Math.ceil(8 / W)) }));
    result.agents = {
      ok: agentsRes.reduce((s, r) => s + r.ok, 0),
      failed: agentsRes.reduce((s, r) => s + r.failed, 0),
      reasons: Object.assign({}, ...agentsRes.map((r) => r.reasons)),
    };

    phase = `${label}: connecting visitors`;
    const clientPids = workers.map((w) => w.child.pid);
    const cpuConnect = cpuMeter(pids, clientPids);
    let t = performance.now();
    const visitorsRes = await all('visitors', () => ({
      concurrency: Math.max(1, Math.ceil(opts.concurrency / W)),
    }));
    const connectSeconds = (performance.now() - t) / 1000;
    const connectLat = visitorsRes.flatMap((r) => r.latencies);
    result.visitors = {
      ok: visitorsRes.reduce((s, r) => s + r.ok, 0),
      failed: visitorsRes.reduce((s, r) => s + r.failed, 0),
      reasons: Object.assign({}, ...visitorsRes.map((r) => r.reasons)),
      seconds: connectSeconds,
      perSecond: visitorsRes.reduce((s, r) => s + r.ok, 0) / connectSeconds,
      p50Ms: percentile(connectLat, 50),
      p99Ms: percentile(connectLat, 99),
      cpu: cpuConnect(),
    };
    await sleep(2000);
    result.rssConnectedKiB = totalRss();

    phase = `${label}: opening conversations`;
    t = performance.now();
    const openRes = await all('open', () => ({ concurrency: Math.max(1, Math.ceil(opts.concurrency / W)) }));
    if (kind === 'ours') {
      const ok = openRes.reduce((s, r) => s + r.ok, 0);
      result.open = {
        ok,
        failed: openRes.reduce((s, r) => s + r.failed, 0),
        reasons: Object.assign({}, ...openRes.map((r) => r.reasons)),
        perSecond: ok / ((performance.now() - t) / 1000),
      };
      await sleep(2000);
    }
    result.rssReadyKiB = totalRss();
    const connections = result.agents.ok + result.visitors.ok;
    result.kibPerConnection = (result.rssReadyKiB - result.rssIdleKiB) / connections;
    result.kibPerConnectionSocketsOnly = (result.rssConnectedKiB - result.rssIdleKiB) / connections;

    phase = `${label}: probe`;
    const probe = await workers[0].call('probe', { timeoutMs: 5000 });
    if (!probe.ok) {
      result.broken = `a visitor's message did not reach its agent${nodes === 2 ? ' on the other node' : ''} (${probe.detail})`;
      return result;
    }

    phase = `${label}: steady ${opts.rate} msg/s`;
    const logBefore = servers.reduce((s, x) => s + x.log.lines, 0);
    const metricsUrls = kind === 'ours' ? servers.map((s) => s.url) : [];
    let counters = await scrape(metricsUrls);
    const cpuSteady = cpuMeter(pids, clientPids);
    const steadyRes = await all('steady', (w) => ({ rate: share(w, opts.rate), durationS: opts.duration }));
    const steadyCpu = cpuSteady();
    result.steady = summarize(steadyRes, opts.duration);
    result.steady.cpu = steadyCpu;
    let after = await scrape(metricsUrls);
    result.steady.server = perMessage(counters, after);
    counters = after;
    result.steady.serverLogLines = servers.reduce((s, x) => s + x.log.lines, 0) - logBefore;

    phase = `${label}: saturation`;
    const cpuSat = cpuMeter(pids, clientPids);
    const satRes = await all('saturate', (w) => ({
      window: Math.max(1, Math.round(share(w, opts.window))),
      durationS: opts.saturate,
    }));
    const satCpu = cpuSat();
    result.saturation = summarize(satRes, opts.saturate);
    result.saturation.cpu = satCpu;
    result.saturation.serverCpuUsPerMessage =
      (satCpu.server * 1e4) / Math.max(1, result.saturation.deliveredPerSecond);
    after = await scrape(metricsUrls);
    result.saturation.server = perMessage(counters, after);
    result.saturation.ackedPerSecond = satRes.reduce((s, r) => s + r.ackedInWindow, 0) / opts.saturate;
    result.saturation.deliveredPerSecond =
      satRes.reduce((s, r) => s + r.deliveredInWindow, 0) / opts.saturate;

    phase = `${label}: closing`;
    const held = await all('held', () => ({}));
    result.held = {
      agents: held.reduce((s, r) => s + r.agents, 0),
      visitors: held.reduce((s, r) => s + r.visitors, 0),
    };
    result.clientEvents = mergeCounts(held.map((r) => r.events));
    result.rssPeakKiB = sampler.peak;
    result.serverLogLines = servers.reduce((s, x) => s + x.log.lines, 0);
    result.serverLogSample = servers.flatMap((s) => s.log.sample);
    const closed = await all('close', () => ({}));
    result.clientRssMiB = sum(closed.map((c) => c.memoryMiB));
    return result;
  } finally {
    sampler.stop?.();
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => stopChild(s.child)));
    await scratch
      ?.drop()
      .catch((error) => console.error(`bench/load: dropping the scratch database: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}
function mergeCounts(list) {
  const out = {};
  for (const counts of list) for (const [k, v] of Object.entries(counts)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function summarize(parts, seconds) {
  const ackLat = parts.flatMap((p) => p.ackLat);
  const delLat = parts.flatMap((p) => p.delLat);
  const total = (key) => parts.reduce((s, p) => s + p[key], 0);
  return {
    sent: total('sent'),
    acked: total('acked'),
    delivered: total('delivered'),
    lostAck: total('lostAck'),
    lostDelivery: total('lostDelivery'),
    skipped: total('skipped'),
    ackErrors: mergeCounts(parts.map((p) => p.ackErrors)),
    deliveredPerSecond: total('delivered') / seconds,
    ackP50Ms: percentile(ackLat, 50),
    ackP99Ms: percentile(ackLat, 99),
    deliveryP50Ms: percentile(delLat, 50),
    deliveryP99Ms: percentile(delLat, 99),
    deliveryMaxMs: percentile(delLat, 100),
    maxBehind: Math.max(0, ...parts.map((p) => p.maxBehind ?? 0)),
    clientLoopP99Ms: Math.max(...parts.map((p) => p.loopP99Ms)),
    events: mergeCounts(parts.map((p) => p.events)),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const f0 = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const ms = (n) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '—');

function printTarget(r) {
  const title =
    `${r.kind === 'ours' ? 'topay-support server' : 'bare socket.io relay'}, ` +
    `${r.nodes === 1 ? 'one node' : 'two nodes over Redis'}${r.database ? `, ${r.database}` : ''}`;
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 78 - title.length))}`);
  if (r.skipped) {
    console.log(`  skipped: ${r.skipped}`);
    return;
  }
  if (r.error) {
    console.log(`  broke: ${r.error}`);
    return;
  }
  const row = (k, v) => console.log(`  ${k.padEnd(34)}${v}`);
  row(
    'agents connected',
    `${f0(r.agents?.ok)} / ${f0(opts.agents)}${r.agents?.failed ? `  failed: ${JSON.stringify(r.agents.reasons)}` : ''}`,
  );
  if (r.visitors) {
    row(
      'visitors connected',
      `${f0(r.visitors.ok)} / ${f0(opts.visitors)} in ${f1(r.visitors.seconds)} s = ${f0(r.visitors.perSecond)}/s ` +
        `(handshake p50 ${ms(r.visitors.p50Ms)}, p99 ${ms(r.visitors.p99Ms)}; CPU ${cpuText(r.visitors.cpu)})` +
        (r.visitors.failed ? `  failed: ${JSON.stringify(r.visitors.reasons)}` : ''),
    );
  }
  if (r.open)
    row(
      'conversations opened',
      `${f0(r.open.ok)} at ${f0(r.open.perSecond)}/s${r.open.failed ? `  failed: ${JSON.stringify(r.open.reasons)}` : ''}`,
    );
  row(
    'server memory',
    `${f0(r.rssIdleKiB / 1024)} MiB idle → ${f0(r.rssReadyKiB / 1024)} MiB connected = ${f1(r.kibPerConnection)} KiB/connection` +
      (r.kind === 'ours' ? ` (${f1(r.kibPerConnectionSocketsOnly)} before conversations)` : '') +
      (r.rssPeakKiB ? `; peak ${f0(r.rssPeakKiB / 1024)} MiB` : ''),
  );
  if (r.broken) {
    row('BROKEN', r.broken);
    return;
  }
  for (const [name, s] of [
    [`steady ${f0(opts.rate)} msg/s × ${opts.duration} s`, r.steady],
    [`saturation (window ${opts.window}) ${opts.saturate} s`, r.saturation],
  ]) {
    if (!s) continue;
    row(name, '');
    row(
      '  delivered',
      `${f0(s.delivered)} of ${f0(s.sent)} sent = ${f0(s.deliveredPerSecond)}/s` +
        (r.saturation === s ? ` (acked ${f0(s.ackedPerSecond)}/s)` : '') +
        (s.lostAck || s.lostDelivery ? `; LOST ack ${s.lostAck}, delivery ${s.lostDelivery}` : '') +
        (Object.keys(s.ackErrors).length ? `; refused ${JSON.stringify(s.ackErrors)}` : ''),
    );
    row('  ack latency', `p50 ${ms(s.ackP50Ms)}  p99 ${ms(s.ackP99Ms)}`);
    row(
      '  delivery latency',
      `p50 ${ms(s.deliveryP50Ms)}  p99 ${ms(s.deliveryP99Ms)}  max ${ms(s.deliveryMaxMs)}`,
    );
    row(
      '  CPU (% of one core)',
      `${cpuText(s.cpu)}; load generator's event-loop p99 ${ms(s.clientLoopP99Ms)}`,
    );
    if (r.saturation === s)
      row(
        '  server CPU per message',
        `${f0(s.serverCpuUsPerMessage)} µs (CPU time / messages delivered: the cost, whatever else runs)`,
      );
    if (s.server)
      row(
        '  our server, per message',
        `${f1(s.server.dbQueries)} database queries taking ${f1(s.server.dbMs)} ms; ack handler ${f1(s.server.serverAckMs)} ms on average; event-loop delay p99 ${ms(s.server.loopP99Ms)}, max ${ms(s.server.loopMaxMs)}` +
          (s.server.errors ? `; ${s.server.errors} errors` : ''),
      );
    if (r.kind === 'ours' && r.steady === s)
      row('  server log lines', `${f0(s.serverLogLines)} during the steady phase (LOG_LEVEL=warn)`);
  }
  if (r.held)
    row(
      'connections held at the end',
      `${f0(r.held.visitors + r.held.agents)} (${f0(r.held.visitors)} visitors, ${f0(r.held.agents)} agents)`,
    );
  if (r.steady) {
    const perMsg = Object.fromEntries(
      Object.entries(r.steady.events)
        .filter(([k]) => /message:new|conversation:updated/.test(k))
        .map(([k, v]) => [k, +(v / Math.max(1, r.steady.delivered)).toFixed(2)]),
    );
    if (Object.keys(perMsg).length) row('events per message (clients)', JSON.stringify(perMsg));
  }
  if (r.serverLogLines) {
    row('server log lines (whole run)', `${f0(r.serverLogLines)}; the first:`);
    for (const line of r.serverLogSample ?? []) console.log(`    ${line.slice(0, 240)}`);
  }
  const drops = Object.entries(r.clientEvents ?? {}).filter(([k]) => k.includes('disconnect'));
  if (drops.length) row('DISCONNECTED during the run', JSON.stringify(Object.fromEntries(drops)));
  row('load generator RSS', `${f0(r.clientRssMiB)} MiB`);
}

function cpuText(cpu) {
  if (!cpu) return '';
  return (
    `server ${f0(cpu.server)}%, load generator ${f0(cpu.client)}%` +
    (cpu.services >= 1 ? `, Postgres+Redis ${f0(cpu.services)}%` : '') +
    `, other processes ${f0(cpu.others)}%` +
    (cpu.others > 25 ? ' (BUSY MACHINE: numbers skewed)' : '')
  );
}

function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// Main

const redisUrl = process.env.REDIS_URL || process.env.TEST_REDIS_URL;
const databaseUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
const profileDir = opts.profile ? mkdtempSync(path.join(os.tmpdir(), 'topay-load-prof-')) : undefined;
const cpus = os.cpus();
console.log(
  `load benchmark: ${f0(opts.visitors)} visitors, ${f0(opts.agents)} agents (one per merchant), ` +
    `steady ${f0(opts.rate)} msg/s for ${opts.duration} s, saturation window ${opts.window} for ${opts.saturate} s` +
    (quick ? ' (--quick)' : ''),
);
console.log(
  `machine: ${cpus.length} × ${cpus[0]?.model.trim()}, Node ${process.version}; the load generator ` +
    `(${opts.clients} process${opts.clients > 1 ? 'es' : ''}) shares these cores with the server(s), loopback only`,
);
console.log(
  'our server: default limits (10 messages per 10 s per connection, 60 per minute per address); every ' +
    'client has its own 127.x.y.z address',
);

const targets = [];
const wanted = [];
if (opts.nodes !== '2') wanted.push({ kind: 'ours', nodes: 1 }, { kind: 'bare', nodes: 1 });
if (opts.nodes !== '1') wanted.push({ kind: 'ours', nodes: 2 }, { kind: 'bare', nodes: 2 });
let broke = false;
for (const target of wanted) {
  if (opts.only && target.kind !== opts.only) continue;
  if (target.nodes === 2 && !redisUrl) {
    const r = {
      target: `${target.kind}-2`,
      ...target,
      skipped:
        'no REDIS_URL or TEST_REDIS_URL. Start throwaway services with `eval "$(scripts/services.sh start)"` ' +
        'and run again (Postgres from DATABASE_URL/TEST_DATABASE_URL is shared by both nodes when set).',
    };
    targets.push(r);
    printTarget(r);
    continue;
  }
  let r;
  try {
    r = await runTarget(target);
  } catch (error) {
    r = { target: `${target.kind}-${target.nodes}`, ...target };
    if (target.nodes === 2 && target.kind === 'ours')
      r.skipped = `our server could not run two nodes: ${error.message.split('\n')[0]}`;
    else {
      r.error = error.stack ?? String(error);
      broke = true;
    }
  }
  if (r.broken && target.nodes === 1) broke = true;
  if (r.broken && target.nodes === 2 && target.kind === 'ours') {
    r.skipped = `${r.broken}; does this build relay between nodes (REDIS_URL)?`;
  }
  targets.push(r);
  printTarget(r);
}

const byName = Object.fromEntries(targets.map((t) => [t.target, t]));
const ratios = {};
console.log(`\n── ours / bare relay ${'─'.repeat(58)}`);
for (const nodes of [1, 2]) {
  const ours = byName[`ours-${nodes}`];
  const bare = byName[`bare-${nodes}`];
  if (!ours?.saturation || !bare?.saturation) continue;
  const r = {
    saturationThroughput: ratio(ours.saturation.deliveredPerSecond, bare.saturation.deliveredPerSecond),
    steadyDeliveryP99: ratio(ours.steady.deliveryP99Ms, bare.steady.deliveryP99Ms),
    steadyAckP99: ratio(ours.steady.ackP99Ms, bare.steady.ackP99Ms),
    kibPerConnection: ratio(ours.kibPerConnection, bare.kibPerConnection),
    connectRate: ratio(ours.visitors.perSecond, bare.visitors.perSecond),
    steadyServerCpu: ratio(ours.steady.cpu.server, bare.steady.cpu.server),
    serverCpuPerMessage: ratio(ours.saturation.serverCpuUsPerMessage, bare.saturation.serverCpuUsPerMessage),
  };
  ratios[`${nodes}-node`] = r;
  console.log(
    `  ${nodes === 1 ? 'one node ' : 'two nodes'}  saturation throughput ×${r.saturationThroughput.toFixed(2)}, ` +
      `steady p99 delivery ×${r.steadyDeliveryP99.toFixed(2)}, p99 ack ×${r.steadyAckP99.toFixed(2)}, ` +
      `memory/connection ×${r.kibPerConnection.toFixed(2)}, connect rate ×${r.connectRate.toFixed(2)}, ` +
      `server CPU at ${f0(opts.rate)} msg/s ×${r.steadyServerCpu.toFixed(2)}, server CPU per message at saturation ×${r.serverCpuPerMessage.toFixed(1)}`,
  );
}

// Targets of issue 7, judged on the one-node run.
const verdicts = [];
const ours1 = byName['ours-1'];
if (ours1 && !ours1.error && !ours1.skipped) {
  const full = opts.visitors >= 10_000 && opts.rate >= 1000;
  const check = (name, pass, detail) => verdicts.push({ name, pass, detail });
  check(
    '10,000 concurrent visitor connections on one node',
    (ours1.held?.visitors ?? 0) >= 10_000,
    `${f0(ours1.held?.visitors)} held`,
  );
  check(
    'p99 delivery ≤ 25 ms at 1,000 msg/s',
    ours1.steady?.deliveryP99Ms <= 25 && opts.rate >= 1000 && ours1.steady.lostDelivery === 0,
    `${ms(ours1.steady?.deliveryP99Ms)} at ${f0(opts.rate)} msg/s`,
  );
  check('≤ 40 KiB per connection', ours1.kibPerConnection <= 40, `${f1(ours1.kibPerConnection)} KiB`);
  check(
    'saturation ≥ 0.7 × bare relay throughput',
    ratios['1-node']?.saturationThroughput >= 0.7,
    `×${ratios['1-node']?.saturationThroughput?.toFixed(2)} (${f0(ours1.saturation?.deliveredPerSecond)} vs ${f0(byName['bare-1']?.saturation?.deliveredPerSecond)} msg/s)`,
  );
  console.log(
    `\n── targets (issue 7, one node)${full ? '' : ' — a smaller run than the targets assume: indicative only'} ${'─'.repeat(30)}`,
  );
  for (const v of verdicts) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.name.padEnd(50)} ${v.detail}`);
}
if (profileDir) console.log(`\nCPU profiles of our server: ${profileDir}`);

const compact = (r) => {
  const { serverLogSample, ...rest } = r;
  return rest;
};
console.log(
  JSON.stringify({
    bench: 'load',
    options: opts,
    machine: { cpus: cpus.length, model: cpus[0]?.model.trim(), node: process.version },
    targets: targets.map(compact),
    ratios,
    verdicts,
  }),
);
clearTimeout(overall);
process.exit(broke ? 1 : 0);
