// Summarises a V8 .cpuprofile (from `node bench/load.mjs --profile`): where the server's CPU went,
// by package or file (self time), by function (self time), and the heaviest call paths into our code.
//   node bench/lib/load-profile.mjs /tmp/topay-load-prof-XXXX/ours-1.cpuprofile [--top 25] [--from s] [--to s]
// --from/--to keep the samples between those seconds after the profile started (one phase of a run).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const flag = (name) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : undefined;
const top = flag('--top') || 25;
const fromUs = (flag('--from') ?? 0) * 1e6;
const toUs = (flag('--to') ?? Number.POSITIVE_INFINITY) * 1e6;
if (!file) {
  console.error('usage: node bench/lib/load-profile.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const deltas = profile.timeDeltas;
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += deltas[i] ?? 0;
  if (at < fromUs || at > toUs) continue;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function where(frame) {
  const url = frame.url ?? '';
  if (!url) return frame.functionName ? `(native) ${frame.functionName}` : '(program/idle/gc)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm) return pnpm[1];
  const ours = /packages\/server\/dist\/(.*)$/.exec(url);
  if (ours) return `server/${ours[1]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '');
}
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
function table(title, map) {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(v)}  ${k}`);
}

const byWhere = new Map();
const byFn = new Map();
for (const [id, us] of self) {
  const frame = nodes.get(id).callFrame;
  const w = where(frame);
  byWhere.set(w, (byWhere.get(w) ?? 0) + us);
  const fn = `${frame.functionName || '(anonymous)'}  ${w}:${frame.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
}
// Inclusive time per function of our server: a sample counts once per distinct function on its stack.
const inclusive = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const frame = nodes.get(n).callFrame;
    if (!/packages\/server\/dist\//.test(frame.url ?? '')) continue;
    const key = `${frame.functionName || '(anonymous)'}  ${where(frame)}:${frame.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
table('self time by package / file', byWhere);
table('self time by function', byFn);
table('inclusive time, functions of our server', inclusive);
