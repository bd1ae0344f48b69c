import type { Config } from '../config.js';
import { createServer } from '../server.js';
import type { Storage } from '../storage/storage.js';

/**
 * Starts the server and wires graceful shutdown: on SIGTERM/SIGINT stop accepting, disconnect
 * sockets, finish in-flight requests, close the database, exit. A second signal or 10 s forces it.
 */
export async function runServer(config: Config & { tokenSecret: string }, storage: Storage): Promise<string> {
  const server = await createServer({ config, storage });
  const url = await server.listen();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.app.log.warn({ signal }, 'forced exit');
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    server
      .close()
      .then(() => storage.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return url;
}
