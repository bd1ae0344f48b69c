// A real server for the widget's assistant tests: the server's own test helper (real SQLite, the demo
// seed and articles, the assistant answering first), started in this jsdom process. Plain JS for the
// same reason as config-server.js: the widget's tsconfig has no Node types; assistant-server.d.ts types it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeModel } from '../../server/test/fake-model.js';
import { DEMO_PASSWORD, loginDemoAgent, startTestServer } from '../../server/test/helpers.js';

// The built CLI (`pnpm test` builds first), found from this file; the server's test/processes.ts works it
// out with `fileURLToPath`, which refuses jsdom's URL objects.
const CLI = path.resolve(
  path.dirname(decodeURIComponent(new URL(import.meta.url).pathname)),
  '../../server/dist/cli.js',
);

/**
 * jsdom replaces the global Uint8Array with its own, while Node's TextEncoder still returns Node's; the
 * server's JWT library then rejects its own key. The server shares this realm only in tests.
 */
function restoreNodeTypedArrays() {
  const nodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor;
  if (globalThis.Uint8Array !== nodeUint8Array) globalThis.Uint8Array = nodeUint8Array;
}

export async function startAssistantServer(options = {}) {
  restoreNodeTypedArrays();
  if (options.model) return startWithModel();
  const t = await startTestServer({ assistant: { mode: 'first', name: 'Topay 助手' } });
  return withAgent(t.url, () => t.close());
}

/**
 * The demo with a configured model, as its own process: the model path's client refuses to run in a
 * browser-like realm (this jsdom one). The provider is a real local HTTP server speaking the
 * chat-completions wire format (a third party's stand-in), here in the test process.
 */
async function startWithModel() {
  const model = await startFakeModel();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'widget-assistant-'));
  const child = spawn(process.execPath, [CLI, 'demo'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_AGENT_PASSWORD: DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      AI_BASE_URL: model.baseUrl,
      AI_API_KEY: 'test-key',
      AI_MODEL: 'test-model',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The demo prints its address once it listens.
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Merchant page\s+(http:\/\/\S+?)\/\s/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the demo exited (${code}): ${out}`)));
  });
  const server = await withAgent(url, async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await model.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    ...server,
    nextModelReply(chunks, delayMs) {
      model.next({ kind: 'stream', chunks, delayMs });
    },
  };
}

async function withAgent(url, close) {
  const token = await loginDemoAgent(url);
  const get = async (route) =>
    (await fetch(`${url}/v1/agent${route}`, { headers: { authorization: `Bearer ${token}` } })).json();
  return {
    url,
    // What an agent sees, over the agent HTTP API (docs/agent-api.md).
    agentConversation: async (id) => (await get(`/conversations/${encodeURIComponent(id)}`)).conversation,
    report: () => get('/assistant/report'),
    nextModelReply() {
      throw new Error('start the server with { model: true } to script a model');
    },
    close,
  };
}
