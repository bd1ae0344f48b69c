// Load generator for bench/load.mjs, run as a child process (fork) so its CPU and memory are its own.
// It holds a share of the visitors together with the agents of their merchants, so a message's
// send time and its arrival at the agent are read from one clock (performance.now()).
// The parent drives it phase by phase over IPC: { id, cmd, ...args } → { id, ok, result | error }.
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const require = createRequire(path.resolve(import.meta.dirname, '../../packages/server/package.json'));
const { io } = require('socket.io-client');

const now = () => performance.now();
const TEXT = 'Hi, my payment ref BENCH-%ID% was declined twice today. Can you check what happened, please?';
/** A message neither acknowledged nor delivered this long after sending counts as lost. */
const LOST_AFTER_MS = 10_000;

/** @type {{ kind: 'ours' | 'bare', worker: number, visitorUrl: string, agentUrl: string }} */
let setup;
/** @type {{ id: number, merchantKey?: string, email?: string, password?: string, rooms?: number[], ip: string, socket?: any }[]} */
let agents = [];
/** @type {{ id: number, merchantKey?: string, ip: string, socket?: any, conversationId?: string }[]} */
let visitors = [];
/**
 * Every message of the current phases by client id: { t, stats, acked, ackOk, deliveries, window,
 * done, settled }. `t` is the message's scheduled send time in the open loop (its send time in the
 * closed loop), so latency includes any time the generator itself ran late. Entries stay until their
 * phase is reconciled, so a second delivery of the same message is seen as a duplicate.
 */
const ledger = new Map();
const events = {};
/** JSON bytes of each phase's first events of each kind: shows that ours and the bare relay send alike. */
const eventBytes = {};
const BYTES_SAMPLES = 50;
let seq = 0;
let cursor = 0;

const count = (name) => {
  events[name] = (events[name] ?? 0) + 1;
};
const weigh = (name, payload) => {
  eventBytes[name] ??= { n: 0, bytes: 0 };
  const b = eventBytes[name];
  if (b.n >= BYTES_SAMPLES) return;
  b.n++;
  b.bytes += JSON.stringify(payload).length;
};

function newStats() {
  return {
    sent: 0,
    acked: 0,
    delivered: 0,
    ackErrors: {},
    /** Refusals whose ack carried retryAfterMs, and how long the refusal took (from schedule). */
    refusedWithRetryAfter: 0,
    refuseLat: [],
    /** Connected visitors passed over (their socket was gone) and messages that found none. */
    skipped: 0,
    unsent: 0,
    ackLat: [],
    delLat: [],
    ackedInWindow: 0,
    deliveredInWindow: 0,
    /** How late the open loop sent each message after its scheduled time (ms). */
    lag: [],
  };
}

/** Runs `tasks` with at most `limit` in flight; resolves with every result (errors included). */
async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await task(items[index], index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function login(url, email, password, localAddress) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password });
    const request = http.request(
      `${url}/v1/agent/login`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          data += chunk;
        });
        response.on('end', () => {
          if (response.statusCode === 200) resolve(JSON.parse(data).token);
          else reject(new Error(`login answered ${response.statusCode}: ${data.slice(0, 200)}`));
        });
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error('login timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Connects one socket.io client and resolves once `readyEvent` arrives. */
function connect(url, auth, localAddress, readyEvent) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      auth,
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
      localAddress,
    });
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`no ${readyEvent} within 30 s`));
    }, 30_000);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(new Error(`connect_error: ${error.message}${error.data?.code ? ` (${error.data.code})` : ''}`));
    });
  });
}

function summarizeFailures(results) {
  const reasons = {};
  for (const r of results) if (!r.ok) reasons[r.error.message] = (reasons[r.error.message] ?? 0) + 1;
  return reasons;
}

function onAck(clientId, result) {
  const entry = ledger.get(clientId);
  if (!entry) {
    count('unknown ack');
    return;
  }
  if (entry.acked) {
    count('duplicate ack');
    return;
  }
  const t = now();
  entry.acked = true;
  const stats = entry.stats;
  if (result?.ok) {
    entry.ackOk = true;
    stats.acked++;
    stats.ackLat.push(t - entry.t);
    if (entry.window && t <= entry.window) stats.ackedInWindow++;
  } else {
    const code = result?.error?.code ?? 'malformed_ack';
    stats.ackErrors[code] = (stats.ackErrors[code] ?? 0) + 1;
    if (Number.isFinite(result?.error?.retryAfterMs)) {
      stats.refusedWithRetryAfter++;
      entry.retryAfterMs = result.error.retryAfterMs;
    }
    stats.refuseLat.push(t - entry.t);
  }
  settle(entry);
}

function onDelivered(clientId) {
  const entry = ledger.get(clientId);
  if (!entry) {
    count('unknown delivery');
    return;
  }
  entry.deliveries++;
  if (entry.deliveries > 1) return; // counted as doubled when the phase is reconciled
  const t = now();
  entry.stats.delivered++;
  entry.stats.delLat.push(t - entry.t);
  if (entry.window && t <= entry.window) entry.stats.deliveredInWindow++;
  settle(entry);
}

/**
 * A message is settled once acknowledged and delivered, or refused; then its closed-loop slot frees.
 * A refusal with `retryAfterMs` holds its slot that long first, as our clients' outboxes wait before
 * sending again: a closed loop that refilled the slot at once would hammer a full server with
 * refusals no real client sends.
 */
function settle(entry) {
  if (entry.settled || !entry.acked || (entry.ackOk && entry.deliveries === 0)) return;
  entry.settled = true;
  if (entry.retryAfterMs > 0 && entry.done)
    setTimeout(entry.done, Math.min(entry.retryAfterMs, 5_000)).unref();
  else entry.done?.();
}

// A message not settled this long after sending frees its closed-loop slot (it is counted as lost
// when its phase is reconciled, unless it still arrives before then).
setInterval(() => {
  const cutoff = now() - LOST_AFTER_MS;
  for (const entry of ledger.values()) {
    if (!entry.settled && !entry.givenUp && entry.t <= cutoff) {
      entry.givenUp = true;
      entry.done?.();
    }
  }
}, 500).unref();

/** Sends one message from the next connected visitor; false when none is connected. */
function sendOne(stats, window, done, scheduled) {
  for (let tries = 0; tries < visitors.length; tries++) {
    const visitor = visitors[cursor];
    cursor = (cursor + 1) % visitors.length;
    if (!visitor.socket?.connected || (setup.kind === 'ours' && !visitor.conversationId)) {
      stats.skipped++;
      continue;
    }
    const clientId = `b${setup.worker}-${(seq++).toString(36).padStart(7, '0')}`;
    const text = TEXT.replace('%ID%', clientId);
    const entry = {
      t: scheduled ?? now(),
      stats,
      acked: false,
      ackOk: false,
      deliveries: 0,
      settled: false,
      window,
      done,
    };
    ledger.set(clientId, entry);
    stats.sent++;
    // The same event and payload for both: the bare relay answers `message:send` as ours does.
    visitor.socket.emit(
      'message:send',
      { conversationId: visitor.conversationId ?? 'bare', clientId, text },
      (result) => onAck(clientId, result),
    );
    return true;
  }
  stats.unsent++;
  return false;
}

/**
 * Every message of `stats` by client id, once the phase is over: delivered exactly once and
 * acknowledged; refused (and not delivered); or lost, doubled, delivered despite a refusal.
 * Removes the phase's messages from the ledger.
 */
function reconcile(stats) {
  const r = { ok: 0, refused: 0, lostAck: 0, lostDelivery: 0, doubled: 0, deliveredAfterRefusal: 0 };
  for (const [clientId, entry] of ledger) {
    if (entry.stats !== stats) continue;
    ledger.delete(clientId);
    if (entry.deliveries > 1) r.doubled++;
    if (!entry.acked) r.lostAck++;
    else if (!entry.ackOk) {
      r.refused++;
      if (entry.deliveries > 0) r.deliveredAfterRefusal++;
    }
    if (entry.ackOk && entry.deliveries === 0) r.lostDelivery++;
    if (!entry.acked && entry.deliveries === 0) r.lostDelivery++;
    if (entry.ackOk && entry.deliveries === 1) r.ok++;
  }
  return r;
}

/**
 * Waits until every message of `stats` is settled, at most `ms`, then a little longer for any
 * duplicate still on its way, and reconciles them.
 */
async function drain(stats, ms) {
  const until = now() + ms;
  while (now() < until) {
    let open = 0;
    for (const entry of ledger.values()) if (entry.stats === stats && !entry.settled) open++;
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return reconcile(stats);
}

function measure() {
  const cpu = process.cpuUsage();
  const t = now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const before = { ...events };
  return () => {
    loop.disable();
    const used = process.cpuUsage(cpu);
    const elapsed = now() - t;
    const eventDelta = {};
    for (const [k, v] of Object.entries(events))
      if (v - (before[k] ?? 0)) eventDelta[k] = v - (before[k] ?? 0);
    return {
      cpuPct: ((used.user + used.system) / 1000 / elapsed) * 100,
      loopP99Ms: loop.percentile(99) / 1e6,
      events: eventDelta,
      elapsedMs: elapsed,
    };
  };
}

// Ours and the bare relay send the same events (bench/lib/load-relay.mjs), so one listener counts both.
function listen(socket, role) {
  if (role === 'agent') {
    socket.on('message:new', (event) => {
      weigh('agent message:new', event);
      if (event.message.author.type === 'visitor') onDelivered(event.message.clientId);
      count('agent message:new');
    });
    socket.on('conversation:updated', (event) => {
      weigh('agent conversation:updated', event);
      count('agent conversation:updated');
    });
    socket.on('presence', () => count('agent presence'));
    socket.on('typing', () => count('agent typing'));
  } else {
    socket.on('message:new', (event) => {
      weigh('visitor message:new', event);
      count('visitor message:new');
    });
    socket.on('conversation:updated', (event) => {
      weigh('visitor conversation:updated', event);
      count('visitor conversation:updated');
    });
    socket.on('availability', () => count('visitor availability'));
  }
  socket.on('disconnect', (reason) => count(`${role} disconnect: ${reason}`));
}

const commands = {
  init(args) {
    setup = args.setup;
    agents = args.agents;
    visitors = args.visitors;
    return { agents: agents.length, visitors: visitors.length };
  },

  async agents(args) {
    const done = measure();
    const results = await pool(agents, args.concurrency, async (agent) => {
      if (setup.kind === 'ours') {
        const token = await login(setup.agentUrl, agent.email, agent.password, agent.ip);
        agent.socket = await connect(`${setup.agentUrl}/agent`, { token }, agent.ip, 'session:ready');
      } else {
        agent.socket = await connect(`${setup.agentUrl}/agent`, { rooms: agent.rooms }, agent.ip, 'connect');
      }
      listen(agent.socket, 'agent');
    });
    return {
      ok: results.filter((r) => r.ok).length,
      failed: results.length - results.filter((r) => r.ok).length,
      reasons: summarizeFailures(results),
      ...done(),
    };
  },

  async visitors(args) {
    const done = measure();
    const latencies = [];
    const results = await pool(visitors, args.concurrency, async (visitor) => {
      const t = now();
      if (setup.kind === 'ours') {
        visitor.socket = await connect(
          `${setup.visitorUrl}/visitor`,
          { merchantKey: visitor.merchantKey },
          visitor.ip,
          'session:ready',
        );
      } else {
        visitor.socket = await connect(
          `${setup.visitorUrl}/visitor`,
          { room: visitor.id },
          visitor.ip,
          'connect',
        );
      }
      latencies.push(now() - t);
      listen(visitor.socket, 'visitor');
    });
    return {
      ok: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
      reasons: summarizeFailures(results),
      latencies,
      ...done(),
    };
  },

  /** Ours only: every visitor opens a conversation (what the widget does when a chat starts). */
  async open(args) {
    const done = measure();
    if (setup.kind !== 'ours') return { ok: 0, failed: 0, reasons: {}, ...done() };
    const results = await pool(
      visitors.filter((v) => v.socket?.connected),
      args.concurrency,
      (visitor) =>
        new Promise((resolve, reject) => {
          // An email, so the chat opens even where this node sees no agent online (then it is an
          // offline conversation, still relayed to the merchant's agents).
          visitor.socket
            .timeout(30_000)
            .emit('conversation:open', { email: `visitor-${visitor.id}@bench.test` }, (error, result) => {
              if (error) return reject(new Error('conversation:open timed out'));
              if (!result.ok) return reject(new Error(`conversation:open: ${result.error.code}`));
              visitor.conversationId = result.data.conversation.id;
              resolve();
            });
        }),
    );
    return {
      ok: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
      reasons: summarizeFailures(results),
      ...done(),
    };
  },

  /** One message, end to end: proves the path works (across nodes too) before the load starts. */
  async probe(args) {
    const stats = newStats();
    const delivered = new Promise((resolve) => {
      if (!sendOne(stats, 0, resolve)) resolve();
    });
    await Promise.race([delivered, new Promise((resolve) => setTimeout(resolve, args.timeoutMs))]);
    reconcile(stats);
    const ok = stats.delivered === 1 && stats.acked === 1;
    return {
      ok,
      detail: ok
        ? `delivered in ${stats.delLat[0].toFixed(1)} ms`
        : `sent ${stats.sent}, acked ${stats.acked}, delivered ${stats.delivered}, errors ${JSON.stringify(stats.ackErrors)}`,
    };
  },

  /**
   * Open loop: message i is due at t0 + i / rate, whatever happened to earlier ones; its latency is
   * measured from that due time, so a generator (or server) that falls behind shows as latency
   * instead of silently sending less (no coordinated omission). `lag` records how late each message
   * actually left. Visitors take turns, so the rate spreads evenly over them.
   */
  async steady(args) {
    const stats = newStats();
    // Weigh the events this phase's messages cause (not the ones of opening conversations).
    for (const name of Object.keys(eventBytes)) delete eventBytes[name];
    const done = measure();
    const t0 = now();
    const total = Math.floor(args.rate * args.durationS);
    const interval = 1000 / args.rate;
    let i = 0;
    await new Promise((resolve) => {
      const tick = () => {
        const t = now();
        while (i < total && t0 + i * interval <= t) {
          const due = t0 + i * interval;
          stats.lag.push(now() - due);
          sendOne(stats, 0, undefined, due);
          i++;
        }
        if (i < total) setTimeout(tick, Math.max(0, Math.min(1, t0 + i * interval - now())));
        else resolve();
      };
      tick();
    });
    // Measured after the drain, so the events of the last messages are counted with them.
    const reconciled = await drain(stats, LOST_AFTER_MS + 1000);
    const measured = done();
    return { ...stats, ...reconciled, ...measured, eventBytes: { ...eventBytes } };
  },

  /** Closed loop: keep `window` messages in flight (a slot frees when acked and delivered). */
  async saturate(args) {
    const stats = newStats();
    const done = measure();
    const t0 = now();
    const end = t0 + args.durationS * 1000;
    let inflight = 0;
    const pump = () => {
      while (inflight < args.window && now() < end) {
        inflight++;
        if (!sendOne(stats, end, release)) {
          inflight--;
          break;
        }
      }
    };
    function release() {
      inflight--;
      pump();
    }
    pump();
    await new Promise((resolve) => setTimeout(resolve, args.durationS * 1000));
    const measured = done();
    const reconciled = await drain(stats, LOST_AFTER_MS + 1000);
    return { ...stats, ...reconciled, ...measured, windowMs: args.durationS * 1000 };
  },

  held() {
    return {
      agents: agents.filter((a) => a.socket?.connected).length,
      visitors: visitors.filter((v) => v.socket?.connected).length,
      events: { ...events },
    };
  },

  async close() {
    for (const client of [...visitors, ...agents]) client.socket?.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { memoryMiB: process.memoryUsage().rss / 2 ** 20 };
  },
};

process.on('message', async (message) => {
  try {
    const result = await commands[message.cmd](message);
    process.send({ id: message.id, ok: true, result });
  } catch (error) {
    process.send({ id: message.id, ok: false, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
