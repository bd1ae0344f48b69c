// Enforces the dependency direction of docs/design.md#layout: widget → sdk → protocol, console → protocol,
// server → protocol; nothing imports the server. Also keeps Node built-ins out of browser code and
// runtime dependencies out of protocol. Tests may reach further (they start real servers).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ALLOWED = {
  protocol: [],
  sdk: ['protocol'],
  widget: ['sdk', 'protocol'],
  console: ['protocol'],
  server: ['protocol'],
};
const BROWSER = new Set(['protocol', 'sdk', 'widget', 'console']);

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) yield* sourceFiles(file);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield file;
  }
}

const problems = [];
for (const [pkg, allowed] of Object.entries(ALLOWED)) {
  const dir = path.join(root, 'packages', pkg);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  if (pkg === 'protocol' && declared.length > 0)
    problems.push(`protocol must have no runtime dependencies: ${declared}`);
  for (const dep of declared.filter((d) => d.startsWith('@topay-support/'))) {
    if (!allowed.includes(dep.slice('@topay-support/'.length)))
      problems.push(`${pkg}/package.json depends on ${dep}`);
  }
  for (const file of sourceFiles(path.join(dir, 'src'))) {
    // Comments may show imports as examples (JSDoc @example); only code counts.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const rel = path.relative(root, file);
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const internal = /^@topay-support\/([^/]+)/.exec(spec);
      if (internal && !allowed.includes(internal[1])) problems.push(`${rel} imports ${spec}`);
      if (spec.startsWith('.') && !path.resolve(path.dirname(file), spec).startsWith(dir + path.sep)) {
        problems.push(`${rel} reaches outside its package: ${spec}`);
      }
      if (BROWSER.has(pkg) && (spec.startsWith('node:') || ['fs', 'path', 'crypto', 'os'].includes(spec))) {
        problems.push(`${rel} is browser code but imports ${spec}`);
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`Dependency direction violated:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('dependency direction: ok');
