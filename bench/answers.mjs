#!/usr/bin/env node
// The assistant benchmark (issue 14 "Evaluation"): labelled visitor questions sent through the real
// server (createServer with the demo seed, SQLite) by real socket.io visitors through the SDK, each in
// its own conversation. For the built-in answerer it prints right answers (a source is the labelled
// article), wrong answers (a source that is not), right and wrong abstentions, and p50/p99 reply
// time (from send to the stored reply arriving), for the tune and held-out halves separately.
//
//   node bench/answers.mjs            run at the built-in answerer's threshold
//   node bench/answers.mjs --tune     sweep thresholds on the tune half and print the best
//   node bench/answers.mjs --check    exit 1 when a target is missed
//   node bench/answers.mjs --threshold=0.55   run at another threshold
// Needs a build (`pnpm build`); `pnpm bench` builds first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..');
const { createServer, loadConfig, openSqliteStorage, seedDemo } = await import(
  `${root}/packages/server/dist/index.js`
);
const { BUILTIN_THRESHOLD } = await import(
  `${root}/packages/server/dist/features/assistant/builtin-answerer.js`
);
const { createSupportClient } = await import(`${root}/packages/sdk/dist/index.js`);
const { ANSWER_QUESTIONS } = await import('./lib/answer-questions.mjs');

const TARGETS = { rightOnCovered: 0.8, wrongOverall: 0.05, rightAbstentions: 0.8 };
const SECRET = 'bench-token-secret-0123456789abcdef';
const args = new Set(process.argv.slice(2));

const split = (which) => ANSWER_QUESTIONS.filter((_, i) => (which === 'tune' ? i % 2 === 0 : i % 2 === 1));

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    key: (i) => [...data.keys()][i] ?? null,
    get length() {
      return data.size;
    },
  };
}

async function startServer(threshold) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-answers-'));
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TOKEN_SECRET: SECRET,
      // Every question comes from this one address; the limits protect servers, not benchmarks.
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_CONVERSATIONS_PER_HOUR: '100000',
    },
    'demo',
  );
  const storage = openSqliteStorage(path.join(dataDir, 'bench.sqlite'));
  await storage.migrate();
  // The demo seed: merchant pk_demo answers first with the built-in answerer (no AI_* variables).
  await seedDemo(storage, { dataDir, agentPassword: 'bench-password-1' });
  const server = await createServer({
    config: { ...config, tokenSecret: SECRET },
    storage,
    ...(threshold === undefined ? {} : { assistantThreshold: threshold }),
  });
  const url = await server.listen();
  return {
    url,
    async close() {
      await server.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Asks one question in a new conversation; resolves with the assistant's reply and how long it took. */
async function ask(url, { locale, q }) {
  const client = createSupportClient({
    merchantKey: 'pk_demo',
    serverUrl: url,
    locale,
    storage: memoryStorage(),
  });
  try {
    const conversation = await client.chat.open({ context: { locale } });
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to "${q}"`)), 10_000);
      conversation.on('message', (message) => {
        if (message.author.type !== 'bot') return;
        clearTimeout(timer);
        resolve(message);
      });
    });
    const started = performance.now();
    await conversation.send(q);
    const message = await reply;
    return { message, ms: performance.now() - started };
  } finally {
    client.close();
  }
}

function outcome(question, message) {
  const slugs = message.sources.map((s) => s.slug);
  const expected = question.expect === null ? [] : [question.expect].flat();
  if (slugs.length === 0) return question.expect === null ? 'rightAbstention' : 'wrongAbstention';
  if (question.expect === null) return 'wrongAnswer';
  return slugs.some((slug) => expected.includes(slug)) ? 'rightAnswer' : 'wrongAnswer';
}

async function run(url, questions) {
  const results = [];
  // A warm-up question: the first connection pays for loading socket.io-client.
  await ask(url, { locale: 'en', q: 'hello' });
  for (const question of questions) {
    const { message, ms } = await ask(url, question);
    results.push({
      question,
      outcome: outcome(question, message),
      ms,
      got: message.sources.map((s) => s.slug),
    });
  }
  return results;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function summarize(results) {
  const count = (kind) => results.filter((r) => r.outcome === kind).length;
  const covered = results.filter((r) => r.question.expect !== null).length;
  const uncovered = results.length - covered;
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n: results.length,
    covered,
    uncovered,
    rightAnswer: count('rightAnswer'),
    wrongAnswer: count('wrongAnswer'),
    rightAbstention: count('rightAbstention'),
    wrongAbstention: count('wrongAbstention'),
    rightOnCovered: covered ? count('rightAnswer') / covered : 0,
    wrongOverall: results.length ? count('wrongAnswer') / results.length : 0,
    rightAbstentions: uncovered ? count('rightAbstention') / uncovered : 0,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
  };
}

const pct = (x) => `${(100 * x).toFixed(0)} %`.padStart(5);

function printRow(label, s) {
  console.log(
    `${label.padEnd(9)} n=${String(s.n).padStart(3)}  right answer ${String(s.rightAnswer).padStart(3)}/${s.covered} (${pct(s.rightOnCovered)})` +
      `  wrong answer ${String(s.wrongAnswer).padStart(2)} (${pct(s.wrongOverall)})` +
      `  right abstention ${String(s.rightAbstention).padStart(2)}/${s.uncovered} (${pct(s.rightAbstentions)})` +
      `  wrong abstention ${String(s.wrongAbstention).padStart(2)}` +
      `  p50 ${s.p50.toFixed(0).padStart(4)} ms  p99 ${s.p99.toFixed(0).padStart(4)} ms`,
  );
}

if (args.has('--tune')) {
  // Right outcomes minus three times the wrong answers: a wrong answer (a confident reply from the
  // wrong article) costs a visitor more than an honest "I don't know" that offers a person.
  const score = (s) => s.rightAnswer + s.rightAbstention - 3 * s.wrongAnswer;
  let best;
  console.log(
    'threshold sweep on the tune half (score = right answers + right abstentions − 3 × wrong answers)',
  );
  for (let threshold = 0.3; threshold <= 0.951; threshold += 0.05) {
    const server = await startServer(threshold);
    try {
      const s = summarize(await run(server.url, split('tune')));
      printRow(threshold.toFixed(2), s);
      console.log(`          score ${score(s)}`);
      if (!best || score(s) > best.score) best = { threshold, score: score(s) };
    } finally {
      await server.close();
    }
  }
  console.log(`best threshold on the tune half: ${best.threshold.toFixed(2)} (score ${best.score})`);
  process.exit(0);
}

// `--threshold=0.55` runs at another threshold (to look at a sweep's misses).
const chosen = process.argv.find((a) => a.startsWith('--threshold='));
const threshold = chosen ? Number(chosen.split('=')[1]) : BUILTIN_THRESHOLD;
const server = await startServer(chosen ? threshold : undefined);
let results;
try {
  results = await run(server.url, ANSWER_QUESTIONS);
} finally {
  await server.close();
}
const tune = summarize(results.filter((_, i) => i % 2 === 0));
const held = summarize(results.filter((_, i) => i % 2 === 1));
const all = summarize(results);
console.log(
  `assistant answers, built-in answerer (threshold ${threshold}): ${all.n} questions, ${all.covered} covered, ${all.uncovered} not covered`,
);
printRow('tune', tune);
printRow('held-out', held);
printRow('all', all);
const misses = results.filter((r) => r.outcome !== 'rightAnswer' && r.outcome !== 'rightAbstention');
for (const miss of misses) {
  console.log(
    `  ${miss.outcome.padEnd(15)} [${miss.question.locale}] ${miss.question.q.slice(0, 60)} → expected ${miss.question.expect ?? 'abstain'}, got ${miss.got.join(',') || 'abstain'}`,
  );
}
const checks = [
  ['right on covered ≥ 80 %', all.rightOnCovered >= TARGETS.rightOnCovered, pct(all.rightOnCovered)],
  ['wrong answers overall ≤ 5 %', all.wrongOverall <= TARGETS.wrongOverall, pct(all.wrongOverall)],
  ['right abstentions ≥ 80 %', all.rightAbstentions >= TARGETS.rightAbstentions, pct(all.rightAbstentions)],
];
console.log(
  `targets: ${checks.map(([name, ok, value]) => `${name}: ${value.trim()} ${ok ? 'ok' : 'MISSED'}`).join(' · ')}`,
);
if (args.has('--check') && checks.some(([, ok]) => !ok)) process.exit(1);
