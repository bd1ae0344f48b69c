// Relative, not `@topay-support/server`: the console does not (and at run time must not) depend on the
// server, so the name does not resolve from here. The server's own test helpers start it, so both
// packages' suites run the same server the same way.
import { DEMO_ASSISTANT, DEMO_MERCHANT_KEY } from '../../server/src/demo/seed.js';
import { DEMO_PASSWORD, startTestServer as startServer } from '../../server/test/helpers.js';

export { DEMO_PASSWORD };

type ServerOptions = NonNullable<Parameters<typeof startServer>[0]>;

export interface TestServer extends Awaited<ReturnType<typeof startServer>> {
  /** The server's URL, which the console takes as its `baseUrl`. */
  baseUrl: string;
  /** The demo merchant's id (`pk_demo`, agent@demo.test). */
  merchantId: string;
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

/**
 * The real server (fastify + socket.io) in this test file's process, on port 0 over a fresh SQLite
 * file seeded like the demo. In-process rather than in `globalSetup` or a child: the jsdom project
 * runs Node underneath, so it starts here in well under a second, and a test can reach its storage
 * to set a merchant up. The demo merchant's assistant answers first, as in the demo; suites that need
 * a quiet conversation use a merchant of their own (`createTeam` in team.ts).
 */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  restoreNodeTypedArrays();
  const server = await startServer({ assistant: DEMO_ASSISTANT, ...options });
  const demo = await server.storage.merchants.findByKey(DEMO_MERCHANT_KEY);
  if (!demo) throw new Error('the demo seed made no demo merchant');
  return Object.assign(server, { baseUrl: server.url, merchantId: demo.id });
}
