import type { Message } from '@topay-support/protocol';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDemoAgent, startTestServer, type TestServer } from './helpers.js';
import { deliveryReport, inboundClient, type MailSink, startMailSink } from './mail-helpers.js';
import { clientId, connectVisitor, disconnectAll, ok } from './sockets-helpers.js';

// Must show 1 of issue 15 (docs/email.md): real mail both ways. A real SMTP server receives what
// the product sends; nodemailer, a real SMTP client, delivers replies to the product's listener.

const DOMAIN = 'reply.shop.example';
let sink: MailSink;
const received = () => sink.received;
// Resolving a conversation also mails its transcript; these tests count the reply emails.
const replyMails = () => received().filter((mail) => mail.subject?.includes('a new reply'));
let t: TestServer;
let agentToken: string;

beforeAll(async () => {
  sink = await startMailSink();
  t = await startTestServer({
    env: {
      SMTP_URL: sink.url,
      SMTP_FROM: 'help@shop.example',
      INBOUND_SMTP_PORT: '0',
      INBOUND_EMAIL_DOMAIN: DOMAIN,
      EMAIL_BATCH_SECONDS: '2',
    },
    email: { pollIntervalMs: 200 },
  });
  agentToken = await loginDemoAgent(t.url);
});

afterAll(async () => {
  disconnectAll();
  await t.close();
  await sink.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The conversation's outbox rows once `count` exist and none is pending. Only pending rows are ever
 * sent, so from then on no more mail can come for the conversation until a new reply: asserting
 * "no (more) mail" after this is deterministic, not a guess about how long the outbox takes.
 */
async function settledOutbox(conversationId: string, count: number) {
  await expect
    .poll(
      async () => {
        const rows = await t.storage.email.list(conversationId);
        return rows.length >= count && rows.every((row) => row.status !== 'pending');
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(true);
  return t.storage.email.list(conversationId);
}

async function agentApi<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${t.url}/v1/agent${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${agentToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as T;
}

const messagesOf = async (conversationId: string) =>
  (await agentApi<{ messages: Message[] }>(`/conversations/${conversationId}/messages`)).messages;

const replyClient = () => inboundClient(t.server.inboundSmtpPort()!);

describe('email continuity on real mail', () => {
  let conversationId = '';
  let visitorToken = '';
  let mail: ParsedMail;
  let replyTo = '';
  let continueToken = '';

  it('mails one email for a burst of two agent replies to a visitor who left', async () => {
    const { socket, session } = await connectVisitor(t.url);
    visitorToken = session.visitorToken!;
    // Nobody is online: the widget's offline form takes the email with the question.
    const { conversation } = ok(
      await socket.emitWithAck('conversation:open', {
        email: 'buyer@example.com',
        name: 'Buyer',
        context: { locale: 'en' },
      }),
    );
    expect(conversation.offline).toBe(true);
    conversationId = conversation.id;
    ok(
      await socket.emitWithAck('message:send', {
        conversationId,
        clientId: clientId(),
        text: 'Where is my refund for order 1234?',
      }),
    );
    socket.disconnect();

    await agentApi(`/conversations/${conversationId}/messages`, {
      text: 'Hello! Let me check that for you.',
      clientId: 'email-reply-000001',
    });
    // Spacing only: the second reply lands within the batch time, so it extends the same burst.
    await sleep(500);
    await agentApi(`/conversations/${conversationId}/messages`, {
      text: 'Your refund was sent today; it takes 3–5 days.',
      clientId: 'email-reply-000002',
    });

    await expect.poll(() => replyMails().length, { timeout: 15_000, interval: 100 }).toBe(1);
    // One row for the burst, sent, and nothing left pending that could send a second mail.
    expect((await settledOutbox(conversationId, 1)).map((row) => row.status)).toEqual(['sent']);
    expect(replyMails()).toHaveLength(1);
    mail = replyMails()[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '').toBe('buyer@example.com');
    expect(mail.from?.value[0]).toEqual({ name: 'Topay 演示商店', address: 'help@shop.example' });
    expect(mail.subject).toBe('Topay 演示商店: a new reply to your question');
    expect(mail.text).toContain('Where is my refund for order 1234?');
    expect(mail.text).toContain('Hello! Let me check that for you.');
    expect(mail.text).toContain('Your refund was sent today; it takes 3–5 days.');
    expect(mail.html).toContain('Your refund was sent today');
    replyTo = mail.replyTo?.value[0]?.address ?? '';
    expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z2-7]{52}@${DOMAIN.replaceAll('.', '\\.')}$`));
    expect(replyTo.split('@')[0]!.length).toBeLessThanOrEqual(64);
    const link = /(http\S+#tps-continue=([a-z2-7]+))/.exec(mail.text ?? '');
    expect(link?.[1]?.startsWith(`${t.url}/#tps-continue=`)).toBe(true);
    continueToken = link![2]!;
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(unsubscribe).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/v1\/email\/unsubscribe\?t=[a-z2-7]{52}>/);
    expect(mail.messageId).toMatch(new RegExp(`^<reply-[0-9a-f-]{36}@${DOMAIN.replaceAll('.', '\\.')}>$`));

    // Agents see that both replies went out by email.
    const messages = await messagesOf(conversationId);
    const replies = messages.filter((m) => m.author.type === 'agent');
    expect(replies.map((m) => m.emailDelivery?.status)).toEqual(['sent', 'sent']);
  });

  it('takes the reply, sent twice with quoted history, into the conversation once', async () => {
    const client = replyClient();
    const reply = {
      from: 'Buyer <buyer@example.com>',
      to: replyTo,
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      messageId: '<reply-1@mail.example.com>',
      text: `Thanks, got it!\n\nOn Mon, Dec 7, 2026 at 9:00 AM Demo Shop <${replyTo}> wrote:\n> Your refund was sent today; it takes 3–5 days.\n`,
    };
    await client.sendMail(reply);
    await client.sendMail(reply);
    client.close();
    const fromEmail = (await messagesOf(conversationId)).filter((m) => m.channel === 'email');
    expect(fromEmail).toHaveLength(1);
    expect(fromEmail[0]!.text).toBe('Thanks, got it!');
    expect(fromEmail[0]!.author.type).toBe('visitor');
  });

  it('drops an auto-reply and refuses a forged token, another sender and another domain', async () => {
    const before = (await messagesOf(conversationId)).length;
    const client = replyClient();
    await client.sendMail({
      from: 'buyer@example.com',
      to: replyTo,
      subject: 'Automatic reply: out of office',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away until Monday.',
    });
    const forged = `reply+${'a'.repeat(52)}@${DOMAIN}`;
    await expect(
      client.sendMail({ from: 'buyer@example.com', to: forged, subject: 'x', text: 'forged' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      client.sendMail({ from: 'mallory@example.com', to: replyTo, subject: 'x', text: 'not the visitor' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      client.sendMail({
        from: 'buyer@example.com',
        to: 'someone@elsewhere.example',
        subject: 'x',
        text: 'relay?',
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    client.close();
    expect((await messagesOf(conversationId)).length).toBe(before);
    // Nothing was answered: the product sent no mail back.
    expect(replyMails()).toHaveLength(1);
  });

  it('opens the whole conversation, and only it, from the continue link', async () => {
    // The visitor's conversation ends; they start another one on their own device.
    await agentApi(`/conversations/${conversationId}/resolve`, {});
    const { socket: own } = await connectVisitor(t.url, { visitorToken });
    const { conversation: other } = ok(
      await own.emitWithAck('conversation:open', { email: 'buyer@example.com' }),
    );
    expect(other.id).not.toBe(conversationId);
    ok(
      await own.emitWithAck('message:send', {
        conversationId: other.id,
        clientId: clientId(),
        text: 'A new question',
      }),
    );

    // Anyone holding the link, on any device: no visitor token of their own.
    const { socket, session } = await connectVisitor(t.url, { continueToken });
    expect(session.visitorToken).toBeUndefined();
    const current = ok(await socket.emitWithAck('conversation:current'));
    expect(current.conversation?.id).toBe(conversationId);
    expect(current.messages.map((m) => m.text)).toEqual([
      'Where is my refund for order 1234?',
      'Hello! Let me check that for you.',
      'Your refund was sent today; it takes 3–5 days.',
      'Thanks, got it!',
    ]);
    const opened = ok(await socket.emitWithAck('conversation:open', { email: 'attacker@example.com' }));
    expect(opened.conversation.id).toBe(conversationId);
    expect(opened.created).toBe(false);
    const sync = await socket.emitWithAck('messages:sync', { conversationId: other.id, afterSeq: 0 });
    expect(sync).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // The visitor's list (payment references, last words) is theirs, not the link's.
    const listed = ok(await socket.emitWithAck('conversations:list'));
    expect(listed.conversations.filter((c) => c.id !== conversationId)).toEqual([]);
    const joined = await socket.emitWithAck('conversation:join', { conversationId: other.id });
    expect(joined).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const written = await socket.emitWithAck('message:send', {
      conversationId: other.id,
      clientId: clientId(),
      text: 'written with the link',
    });
    expect(written).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await t.storage.conversations.findById(other.id))?.lastSeq).toBe(1);
    // The link's holder did not change the visitor's email (which would redirect their mail).
    const stored = await t.storage.conversations.findById(conversationId);
    expect((await t.storage.visitors.findById(stored!.visitorId))?.email).toBe('buyer@example.com');

    // A forged or reply-purpose token opens nothing.
    await expect(connectVisitor(t.url, { continueToken: replyTo.slice(6, 58) })).rejects.toThrow();
  });

  it('marks the replies bounced when a delivery report names the email', async () => {
    const client = replyClient();
    const dsn = deliveryReport(DOMAIN, mail.messageId!, 'buyer@example.com');
    await client.sendMail({ envelope: { from: '', to: `bounces@${DOMAIN}` }, raw: dsn });
    client.close();
    await expect
      .poll(async () =>
        (await messagesOf(conversationId))
          .filter((m) => m.author.type === 'agent')
          .map((m) => m.emailDelivery?.status),
      )
      .toEqual(['bounced', 'bounced']);
    expect(replyMails()).toHaveLength(1);
  });

  it('keeps images and PDFs of an HTML-only reply as attachments, as text, and refuses an oversized mail', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const client = replyClient();
    await client.sendMail({
      from: 'buyer@example.com',
      to: replyTo,
      subject: 'Re: screenshot',
      messageId: '<reply-html@mail.example.com>',
      html: '<div>Here is the <b>screenshot</b><script>alert(1)</script></div><div>Card 4242 4242 4242 4242</div><div class="gmail_quote">On Mon, Dec 7, 2026 Demo Shop &lt;x@y.z&gt; wrote:<blockquote>old</blockquote></div>',
      attachments: [
        { filename: 'screen.png', content: png, contentType: 'image/png' },
        { filename: 'run.exe', content: Buffer.from('MZ not an image'), contentType: 'image/png' },
      ],
    });
    const big = Buffer.alloc(26 * 1024 * 1024, 'a');
    await expect(
      client.sendMail({
        from: 'buyer@example.com',
        to: replyTo,
        subject: 'big',
        text: 'x',
        attachments: [{ filename: 'a.pdf', content: big }],
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    client.close();
    const last = (await messagesOf(conversationId)).filter((m) => m.channel === 'email').at(-1)!;
    expect(last.text).not.toMatch(/<|script|alert|old/);
    expect(last.text).toContain('Here is the screenshot');
    expect(last.text).not.toContain('4242 4242 4242 4242');
    expect(last.redacted).toBe(true);
    expect(last.attachments.map((a) => [a.name, a.contentType])).toEqual([['screen.png', 'image/png']]);
  });
});

describe('when the visitor comes back or opts out', () => {
  async function leaveQuestion(email: string) {
    const { socket, session } = await connectVisitor(t.url);
    const { conversation } = ok(
      await socket.emitWithAck('conversation:open', { email, context: { locale: 'zh-CN' } }),
    );
    ok(
      await socket.emitWithAck('message:send', {
        conversationId: conversation.id,
        clientId: clientId(),
        text: '退款什么时候到？',
      }),
    );
    socket.disconnect();
    return { conversationId: conversation.id, visitorToken: session.visitorToken! };
  }
  const mailsTo = (email: string) =>
    received().filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);

  it('mails nothing once the visitor is back online', async () => {
    const { conversationId: id, visitorToken: token } = await leaveQuestion('back@example.com');
    await agentApi(`/conversations/${id}/messages`, { text: '已经退款了', clientId: 'email-back-000001' });
    await connectVisitor(t.url, { visitorToken: token });
    // The burst's row is settled (skipped): nothing pending is left to mail.
    const rows = await settledOutbox(id, 1);
    expect(rows.map((row) => [row.status, row.lastError])).toEqual([['skipped', 'visitor online']]);
    expect(mailsTo('back@example.com')).toHaveLength(0);
  });

  it('mails in the visitor’s language, and nothing after they opt out', async () => {
    const { conversationId: id } = await leaveQuestion('optout@example.com');
    await agentApi(`/conversations/${id}/messages`, { text: '已经退款了', clientId: 'email-opt-000001' });
    await expect.poll(() => mailsTo('optout@example.com').length, { timeout: 15_000 }).toBe(1);
    const first = mailsTo('optout@example.com')[0]!;
    expect(first.subject).toBe('Topay 演示商店：您的问题有了新回复');
    expect(first.text).toContain('继续对话');
    const link = /<(http[^>]+)>/.exec(first.headerLines.find((h) => h.key === 'list-unsubscribe')!.line)![1]!;
    expect((await fetch(link)).status).toBe(200);
    // One click, as mail clients do it (RFC 8058).
    const unsubscribed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    await agentApi(`/conversations/${id}/messages`, { text: '还有问题吗？', clientId: 'email-opt-000002' });
    // The first burst closed when it was mailed, so this reply opens a second row; once it is settled
    // (skipped), nothing pending is left to mail.
    const rows = await settledOutbox(id, 2);
    expect(rows.map((row) => [row.status, row.lastError]).sort()).toEqual([
      ['sent', null],
      ['skipped', 'visitor opted out'],
    ]);
    expect(mailsTo('optout@example.com')).toHaveLength(1);
  });
});
