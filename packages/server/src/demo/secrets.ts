import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a secret kept under `dataDir`, creating it on first use. The demo needs stable secrets across
 * restarts (tokens and the printed password stay valid) without asking the person trying it for any.
 */
export function readOrCreateSecret(dataDir: string, fileName: string, create: () => string): string {
  const file = path.join(dataDir, fileName);
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value) return value;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const value = create();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

export const randomSecret = () => randomBytes(32).toString('base64url');
