// Keeps every reference to the documentation inside the repository (part of `pnpm lint`):
// - nothing may point at the design document the contracts came from, which lives outside the repository;
// - every `docs/<page>.md` named in code, tests or docs exists, and so does its `#anchor`;
// - every relative Markdown link in a Markdown file resolves to a file (and heading) in the repository.
// Someone who clones the repository or installs a package must find what a comment or a README points at.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Pages other branches are writing; a reference to one is accepted before it lands. Remove an entry once the
 * page exists (the check then verifies it like any other).
 */
const PENDING = new Set([]);

const TEXT = /\.(md|ts|tsx|js|mjs|cjs|json|css|html|ya?ml|sh)$|^\.ci\/run$/;
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => TEXT.test(file) && file !== 'pnpm-lock.yaml' && !file.startsWith('.changeset/'))
  .filter((file) => existsSync(path.join(root, file)));

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2 ….
function anchorsOf(file) {
  const anchors = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const anchorCache = new Map();
function hasAnchor(file, anchor) {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(file));
  return anchorCache.get(file).has(anchor.toLowerCase());
}

const problems = [];
function check(from, line, target, base) {
  const [rawPath, anchor] = target.split('#');
  const resolved = rawPath === '' ? path.join(root, from) : path.resolve(base, decodeURI(rawPath));
  const relative = path.relative(root, resolved);
  if (relative.startsWith('..')) {
    problems.push(`${from}:${line}: ${target} points outside the repository`);
    return;
  }
  if (!existsSync(resolved)) {
    if (!PENDING.has(relative)) problems.push(`${from}:${line}: ${target} does not exist`);
    return;
  }
  if (anchor && resolved.endsWith('.md') && statSync(resolved).isFile() && !hasAnchor(resolved, anchor)) {
    problems.push(`${from}:${line}: ${target} has no heading #${anchor}`);
  }
}

const OUTSIDE = /shared\/DESIGN|DESIGN(\.md)?\s*§/;
const DOCS_REF = /(?<![\w/.-])docs\/[a-z0-9-]+\.md(?:#[\p{L}\p{N}_-]+)?/gu;
const MD_LINK = /\]\(([^)\s]+)\)/g;

for (const file of files) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const lines = text.split('\n');
  let fenced = false;
  lines.forEach((content, index) => {
    const line = index + 1;
    if (OUTSIDE.test(content)) {
      problems.push(
        `${file}:${line}: points at the design document outside the repository; use docs/ instead`,
      );
    }
    for (const match of content.matchAll(DOCS_REF)) check(file, line, match[0], root);
    if (!file.endsWith('.md')) return;
    if (content.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const match of content.matchAll(MD_LINK)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
      check(file, line, target, path.dirname(path.join(root, file)));
    }
  });
}

if (problems.length > 0) {
  console.error(`Documentation references that lead nowhere (${problems.length}):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(
  `docs: ${files.length} files checked, every documentation reference resolves inside the repository`,
);
