import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { type Config, loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import type { AssetPaths } from '../src/paths.js';
import { type CreateServerOptions, createServer, type TopayServer } from '../src/server.js';
import type { AssistantSettings } from '../src/storage/merchants.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import type { Storage } from '../src/storage/storage.js';

export const TEST_SECRET = 'test-token-secret-0123456789abcdef';
export const DEMO_PASSWORD = 'demo-password-123';

export interface TestServer {
  url: string;
  server: TopayServer;
  storage: Storage;
  dataDir: string;
  assets: AssetPaths;
  close(): Promise<void>;
}

/** Small but real asset folders, so static serving is tested without depending on a prior build. */
function makeAssets(dataDir: string): AssetPaths {
  const assets = {
    widgetDir: path.join(dataDir, 'assets/widget'),
    consoleDir: path.join(dataDir, 'assets/console'),
    demoDir: path.join(dataDir, 'assets/demo'),
  };
  for (const dir of Object.values(assets)) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(assets.widgetDir, 'loader.js'), 'console.log("loader")');
  writeFileSync(path.join(assets.widgetDir, 'loader.js.br'), brotliCompressSync('console.log("loader")'));
  writeFileSync(path.join(assets.widgetDir, 'app-Ab12Cd34.js'), 'export function boot(){}');
  // What the widget build writes next to the loader: the server pins `/widget/v1/` to it.
  writeFileSync(path.join(assets.widgetDir, 'version.json'), '{"version":"1.4.2"}');
  writeFileSync(path.join(assets.consoleDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(assets.demoDir, 'index.html'), '<!doctype html><title>demo</title>');
  return assets;
}

/** Starts a real server on a free port over a fresh SQLite file, seeded like the demo. */
export async function startTestServer(
  options: {
    mode?: 'demo' | 'production';
    env?: Record<string, string>;
    webhooks?: CreateServerOptions['webhooks'];
    email?: CreateServerOptions['email'];
    disabledAgentSweepMs?: number;
    /** Captures the log (set `LOG_LEVEL` in `env`: tests are silent by default). */
    logDestination?: CreateServerOptions['logDestination'];
    loginLockout?: CreateServerOptions['loginLockout'];
    /**
     * The demo merchant's assistant mode. Off unless a suite asks: suites about the relay count the
     * messages they send, and an assistant reply after each would be noise there.
     */
    assistant?: AssistantSettings;
    /** The built-in answerer's confidence threshold, when a suite needs another than the tuned one. */
    assistantThreshold?: number;
    /** Patches the loaded config (model settings, turn limit, budget). */
    config?: (config: Config) => Config;
    closeGraceMs?: number;
  } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-test-'));
  const config = loadConfig(
    {
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TOKEN_SECRET: TEST_SECRET,
      ...options.env,
    },
    options.mode ?? 'demo',
  );
  const storage = openSqliteStorage(path.join(dataDir, 'test.sqlite'));
  await storage.migrate();
  await seedDemo(storage, {
    dataDir,
    agentPassword: DEMO_PASSWORD,
    assistant: options.assistant ?? { mode: 'off', name: 'Topay 助手' },
  });
  const assets = makeAssets(dataDir);
  const server = await createServer({
    config: { ...(options.config ? options.config(config) : config), tokenSecret: TEST_SECRET },
    storage,
    assets,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.email ? { email: options.email } : {}),
    ...(options.disabledAgentSweepMs ? { disabledAgentSweepMs: options.disabledAgentSweepMs } : {}),
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    ...(options.loginLockout ? { loginLockout: options.loginLockout } : {}),
    ...(options.assistantThreshold !== undefined ? { assistantThreshold: options.assistantThreshold } : {}),
    ...(options.closeGraceMs !== undefined ? { closeGraceMs: options.closeGraceMs } : {}),
  });
  const url = await server.listen();
  return {
    url,
    server,
    storage,
    dataDir,
    assets,
    async close() {
      await server.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function loginDemoAgent(url: string): Promise<string> {
  const response = await fetch(`${url}/v1/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@demo.test', password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
