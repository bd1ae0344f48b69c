import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../src/storage/sqlite.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe('SQLite checkpoints on a thread of their own', () => {
  it('copies the WAL into the database file while the server only writes, and leaves no WAL on close', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topay-checkpoints-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const storage = openSqliteStorage(file, { checkpoints: 'background' });
    await storage.migrate();
    const merchant = await storage.merchants.create({
      key: 'pk_checkpoints',
      secret: 'sk',
      name: 'Checkpoints',
      defaultLocale: 'en',
      allowedOrigins: [],
      settings: { color: '#123456', position: 'right', colorScheme: 'auto', greeting: {} },
    });
    const before = statSync(file).size;
    // Far fewer pages than SQLite's own threshold (1,000): only the thread can have copied them.
    for (let i = 0; i < 20; i += 1) {
      const visitor = await storage.visitors.create(merchant.id);
      const conversation = await storage.conversations.create({
        merchantId: merchant.id,
        visitorId: visitor.id,
        topic: null,
        flagged: false,
        offline: false,
        context: {},
        payment: null,
      });
      await storage.messages.append({
        conversationId: conversation.id,
        clientId: `m-${i}`,
        authorType: 'visitor',
        authorId: visitor.id,
        authorName: null,
        text: `where is my refund ${i}`,
        internal: false,
        redacted: false,
        attachmentIds: [],
      });
    }
    expect(await until(() => statSync(file).size > before)).toBe(true);
    await storage.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
