// The real server for the widget's jsdom suites: the server's own test helper (createServer on port 0,
// a fresh SQLite file, the demo seed with its articles and payments, real socket.io) started in this
// process, plus what an agent does at the other end (over the agent socket and HTTP API, docs/agent-api.md).
// Plain JS on purpose: the widget's tsconfig has DOM types only (no Node built-ins in a browser package);
// support-server.d.ts types it.
import { File as NodeFile } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { DEMO_MERCHANT_SECRET } from '../../server/src/demo/seed.js';
import { computeUserHash } from '../../server/src/features/chat/identity.js';
import { startFakeModel } from '../../server/test/fake-model.js';
import { DEMO_PASSWORD, loginDemoAgent, startTestServer } from '../../server/test/helpers.js';
import { connectAgent, disconnectAll } from '../../server/test/sockets-helpers.js';

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

/**
 * The server in this process: jsdom is a window over Node, so fastify, socket.io and SQLite run here as
 * they do in the node suites, and a file pays for one server, not a child process and a build.
 */
export async function startSupportServer(options = {}) {
  restoreNodeTypedArrays();
  if (options.model) return startWithModel();
  const t = await startTestServer({
    ...(options.assistant ? { assistant: { mode: options.assistant, name: 'Topay 助手' } } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
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

let clientIds = 0;

async function withAgent(url, close) {
  const token = await loginDemoAgent(url);
  const call = async (method, route, body) => {
    const response = await fetch(`${url}/v1/agent${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const available = async () =>
    (await (await fetch(`${url}/v1/widget/config?merchantKey=pk_demo`)).json()).availability.online;
  let socket;
  const agent = {
    async online() {
      if (!socket) socket = await connectAgent(url, token);
      await vi.waitFor(async () => {
        if (!(await available())) throw new Error('the agent is not online yet');
      });
    },
    async offline() {
      socket = undefined;
      disconnectAll();
      // The server learns of the disconnect on its own schedule: wait until the widget's settings say so.
      await vi.waitFor(async () => {
        if (await available()) throw new Error('the agent is still online');
      });
    },
    conversation: async (id) => (await call('GET', `/conversations/${encodeURIComponent(id)}`)).conversation,
    messages: async (id) => (await call('GET', `/conversations/${encodeURIComponent(id)}/messages`)).messages,
    async reply(id, text) {
      const body = { text, clientId: `widget-test-${++clientIds}` };
      return (await call('POST', `/conversations/${encodeURIComponent(id)}/messages`, body)).message;
    },
    /** A message with files goes over the agent socket, as the console sends it (the HTTP API takes text). */
    async replyWithFiles(id, text, attachmentIds) {
      await agent.online();
      const result = await socket.emitWithAck('message:send', {
        conversationId: id,
        clientId: `widget-test-${++clientIds}`,
        text,
        attachmentIds,
      });
      if (!result.ok) throw new Error(`message:send: ${result.error.code}`);
      return result.data.message;
    },
    async upload(name, bytes) {
      const response = await fetch(`${url}/v1/agent/attachments`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name),
        },
        body: bytes,
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`upload: ${response.status} ${JSON.stringify(json)}`);
      return json.attachment;
    },
    /** The published articles in `locale`, with their views, votes and deflections. */
    articles: async (locale) =>
      (await call('GET', `/articles?locale=${encodeURIComponent(locale)}`)).articles,
    resolve: async (id) =>
      (await call('POST', `/conversations/${encodeURIComponent(id)}/resolve`)).conversation,
  };
  return {
    url,
    agent,
    // The admin's assistant report for the last 30 days.
    report: () => call('GET', '/assistant/report'),
    userHash: (userId) => computeUserHash(DEMO_MERCHANT_SECRET, userId),
    nextModelReply() {
      throw new Error('start the server with { model: true } to script a model');
    },
    async close() {
      disconnectAll();
      await close();
    },
  };
}

/**
 * A TCP link to the server that can be cut, as when the visitor's network drops: `cut()` closes every
 * connection through it and refuses new ones until `restore()`. The server behind it is untouched.
 */
export async function startLink(serverUrl) {
  const target = new URL(serverUrl);
  const sockets = new Set();
  let down = false;
  const proxy = createTcpServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${proxy.address().port}`,
    cut() {
      down = true;
      cutAll();
    },
    restore() {
      down = false;
    },
    close() {
      cutAll();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

/**
 * A file the SDK can upload from this realm: Node's fetch sends its own File, not jsdom's (a browser's fetch
 * takes the browser's File, so this is the same thing the widget gets there).
 */
export function nodeFile(parts, name, options) {
  return new NodeFile(parts, name, options);
}
