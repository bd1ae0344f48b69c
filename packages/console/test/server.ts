import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// Relative, not `@topay-support/server`: the console does not (and at run time must not) depend on the
// server, so the name does not resolve from here. A devDependency would let this import use the name.
import {
  createServer,
  loadConfig,
  openSqliteStorage,
  type Storage,
  seedDemo,
} from '../../server/src/index.js';

export const DEMO_PASSWORD = 'demo-password-123';

export interface TestServer {
  baseUrl: string;
  storage: Storage;
  merchantId: string;
  close(): Promise<void>;
}

/**
 * vitest's jsdom environment replaces the global `Uint8Array` with jsdom's, while Node's `TextEncoder`
 * still returns Node's; the server's JWT library then rejects its own key (`instanceof Uint8Array`).
 * The server only shares a realm with jsdom in these tests, so give it Node's constructor back.
 */
function restoreNodeTypedArrays(): void {
  const nodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as Uint8ArrayConstructor;
  if (globalThis.Uint8Array !== nodeUint8Array) globalThis.Uint8Array = nodeUint8Array;
}

/** A real server on a free port with the demo seed in a throwaway SQLite file. */
export async function startTestServer(): Promise<TestServer> {
  restoreNodeTypedArrays();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'console-test-'));
  const config = {
    ...loadConfig(
      { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
      'demo',
    ),
    tokenSecret: 'x'.repeat(32),
  };
  const storage = openSqliteStorage(path.join(dataDir, 'db.sqlite'));
  await storage.migrate();
  const seed = await seedDemo(storage, { dataDir, agentPassword: DEMO_PASSWORD });
  const server = await createServer({ config, storage });
  const baseUrl = await server.listen();
  return {
    baseUrl,
    storage,
    merchantId: seed.merchant.id,
    async close() {
      await server.close();
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
