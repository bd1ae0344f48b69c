import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Storage } from '../../storage/storage.js';

/**
 * Where attachment bytes live. One node keeps them on disk under DATA_DIR; several nodes need a
 * store every node reaches (Postgres or S3-compatible), behind this same interface.
 */
export interface AttachmentStore {
  put(id: string, bytes: Buffer): Promise<void>;
  /** `undefined` when the bytes are gone. */
  get(id: string): Promise<Buffer | undefined>;
  delete(id: string): Promise<void>;
}

export function createDiskAttachmentStore(dir: string): AttachmentStore {
  // Ids are UUIDs we generate; the check keeps a bad id from ever becoming a path outside `dir`.
  const file = (id: string) => {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`invalid attachment id ${id}`);
    return path.join(dir, id.slice(0, 2), id);
  };
  return {
    async put(id, bytes) {
      const target = file(id);
      await mkdir(path.dirname(target), { recursive: true });
      // Written under a temporary name and renamed, so a crash never leaves half a file under the id.
      await writeFile(`${target}.tmp`, bytes, { mode: 0o600 });
      await rename(`${target}.tmp`, target);
    },
    async get(id) {
      try {
        return await readFile(file(id));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async delete(id) {
      await rm(file(id), { force: true });
    },
  };
}

/** The store `config` names: this node's disk under DATA_DIR, or the database every node shares. */
export function configuredAttachmentStore(
  config: Pick<Config, 'attachmentStore' | 'dataDir'>,
  storage: Pick<Storage, 'attachmentBlobs'>,
): AttachmentStore {
  return config.attachmentStore === 'database'
    ? storage.attachmentBlobs
    : createDiskAttachmentStore(path.join(config.dataDir, 'attachments'));
}
