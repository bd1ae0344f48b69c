import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loginDemoAgent } from './helpers.js';
import { CLI, freePort, stopProcess, waitUntilReady } from './processes.js';
import { clientId, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

// Must show 2 of issue 15 (docs/email.md): the reply-email outbox survives an SMTP outage and
// server restarts (SIGKILL, nothing flushed), and every email is sent exactly once.

const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-email-restart-'));
let port = 0;
let smtpPort = 0;
let server: ChildProcess | undefined;
let smtp: SMTPServer | undefined;
const received: ParsedMail[] = [];
const url = () => `http://127.0.0.1:${port}`;

async function startServer(): Promise<void> {
  server = spawn(process.execPath, [CLI, 'demo'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_AGENT_PASSWORD: DEMO_PASSWORD,
      LOG_LEVEL: 'error',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'help@shop.example',
      EMAIL_BATCH_SECONDS: '1',
    },
    stdio: 'ignore',
  });
  await waitUntilReady(url());
}

/** The receiving side, on the same port each time, so an outage is just it being away. */
async function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp!.listen(smtpPort, '127.0.0.1', resolve));
}

async function stopSmtp(): Promise<void> {
  const closing = smtp;
  smtp = undefined;
  if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
  port = await freePort();
  smtpPort = await freePort();
  await startServer();
});

afterAll(async () => {
  disconnectAll();
  await stopProcess(server, 'SIGKILL');
  await stopSmtp();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * The outbox rows as the child server stored them, read from its SQLite file (read-only, beside the
 * server's own WAL connection), so the test waits on the state it means instead of on the clock.
 */
function outboxRows(): { status: string; attempts: number; to: string }[] {
  const db = new Database(path.join(dataDir, 'topay-support.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT o.status, o.attempts, v.email AS "to" FROM email_outbox o
         JOIN conversations c ON c.id = o.conversation_id JOIN visitors v ON v.id = c.visitor_id`,
      )
      .all() as { status: string; attempts: number; to: string }[];
  } finally {
    db.close();
  }
}

/** A visitor who leaves a question and an email, then goes away. */
async function offlineQuestion(n: number): Promise<string> {
  const { socket } = await connectVisitor(url());
  const { conversation } = ok(
    // A complaint goes straight to people: the demo's assistant stays out of this count.
    await socket.emitWithAck('conversation:open', {
      email: `buyer${n}@example.com`,
      topic: 'complaint',
      context: { locale: 'en' },
    }),
  );
  ok(
    await socket.emitWithAck('message:send', {
      conversationId: conversation.id,
      clientId: clientId(),
      text: `Question ${n}`,
    }),
  );
  socket.disconnect();
  return conversation.id;
}

async function reply(conversationId: string, n: number): Promise<void> {
  const token = await loginDemoAgent(url());
  const response = await fetch(`${url()}/v1/agent/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: `Answer ${n}`, clientId: `restart-answer-${n}` }),
  });
  expect(response.status).toBe(201);
}

describe('the reply-email outbox across an SMTP outage and restarts', () => {
  it('sends every email exactly once', async () => {
    // The receiving SMTP server is down from the start.
    const first = await Promise.all([1, 2, 3].map(offlineQuestion));
    await Promise.all(first.map((id, i) => reply(id, i + 1)));
    // Due after a second; the first attempts fail (connection refused) and wait for their retry.
    await expect
      .poll(() => outboxRows().filter((row) => row.status === 'pending' && row.attempts >= 1).length, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(3);
    expect(received).toHaveLength(0);

    // Killed outright: the pending emails live only in the database now.
    await stopProcess(server, 'SIGKILL');
    await startServer();
    const second = await Promise.all([4, 5, 6].map(offlineQuestion));
    await Promise.all(second.map((id, i) => reply(id, i + 4)));

    await startSmtp();
    await expect.poll(() => received.length, { timeout: 30_000, interval: 200 }).toBe(6);
    // "After sending" means recorded as sent: a kill between the SMTP server's 250 and that write
    // leaves a leased row that is sent again once its lease runs out, which is a different test.
    await expect
      .poll(() => outboxRows().filter((row) => row.status === 'sent').length, { timeout: 10_000 })
      .toBe(6);

    // Restarted again after sending: nothing goes out twice. A 7th email, due after all six, is the
    // marker: the outbox claims and sends in due order, so once it arrives any re-send of the six
    // would have arrived before it.
    await stopProcess(server, 'SIGKILL');
    await startServer();
    await reply(await offlineQuestion(7), 7);
    const isMarker = (mail: ParsedMail) =>
      (mail.to && !Array.isArray(mail.to) ? mail.to.text : '') === 'buyer7@example.com';
    await expect.poll(() => received.some(isMarker), { timeout: 30_000, interval: 200 }).toBe(true);
    received.splice(received.findIndex(isMarker), 1);
    expect(received).toHaveLength(6);
    const to = received.map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : '')).sort();
    expect(to).toEqual([1, 2, 3, 4, 5, 6].map((n) => `buyer${n}@example.com`).sort());
    for (const mail of received) {
      const n = /buyer(\d)@/.exec(mail.to && !Array.isArray(mail.to) ? mail.to.text : '')?.[1];
      expect(mail.text).toContain(`Question ${n}`);
      expect(mail.text).toContain(`Answer ${n}`);
    }
    expect(new Set(received.map((mail) => mail.messageId)).size).toBe(6);
  }, 90_000);
});
