// Starts the built demo (`cli.js demo`) on a free port with its own data directory, for the benchmarks
// that measure it in a real browser (size.mjs, host-impact.mjs). Run `pnpm build` first.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'packages/server/dist/cli.js');

/**
 * @param {string} dataDir a fresh directory for the demo's SQLite file
 * @param {{ agentPassword: string, startTimeoutMs: number }} options
 * @returns {{ child: import('node:child_process').ChildProcess, url: Promise<string> }} `url` resolves
 *   to the merchant page's origin once the demo prints it, and rejects if it exits or is too slow.
 */
export function startDemoServer(dataDir, { agentPassword, startTimeoutMs }) {
  const child = spawn(process.execPath, [cli, 'demo'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_AGENT_PASSWORD: agentPassword,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`demo server did not start in ${startTimeoutMs / 1000} s:\n${output}`)),
      startTimeoutMs,
    );
    const read = (chunk) => {
      output += chunk;
      const match = /Merchant page\s+http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited (${code}):\n${output}`));
    });
  });
  return { child, url };
}
