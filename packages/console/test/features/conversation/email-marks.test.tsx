import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Relative, as in server.ts: the server's own mail helpers (a real SMTP sink for the relay, a real
// SMTP client for the visitor's provider), so both suites make mail the same way.
import {
  deliveryReport,
  inboundClient,
  type MailSink,
  startMailSink,
} from '../../../../server/test/mail-helpers.js';
import { mountSignedIn, type TestConsole } from '../../dom.js';
import { startTestServer, type TestServer } from '../../server.js';
import { colleagueApi, createTeam, disconnectAll, startVisitorChat } from '../../team.js';

// Email continuity as agents see it (docs/email.md): which messages came by email, and whether a
// reply mailed to the visitor was sent or bounced. Every mark comes from the real server's own paths:
// its outbox mails replies to a real SMTP server, its SMTP listener takes the visitor's reply and the
// delivery report over real SMTP.

const DOMAIN = 'reply.shop.example';
const VISITOR_EMAIL = 'ana@example.com';

let sink: MailSink;
let server: TestServer;
let mounted: TestConsole | undefined;

beforeAll(async () => {
  sink = await startMailSink();
  server = await startTestServer({
    env: {
      SMTP_URL: sink.url,
      SMTP_FROM: 'help@shop.example',
      INBOUND_SMTP_PORT: '0',
      INBOUND_EMAIL_DOMAIN: DOMAIN,
      EMAIL_BATCH_SECONDS: '1',
    },
    email: { pollIntervalMs: 100 },
  });
});
afterAll(async () => {
  await server.close();
  await sink.close();
});
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  mounted?.dispose();
  mounted = undefined;
  disconnectAll();
});

const messages = () => within(document.querySelector('.messages') as HTMLElement);
const item = (text: string) => messages().getByText(text).closest('li') as HTMLElement;
const mailsTo = (address: string) =>
  sink.received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address === address);

describe('email marks', () => {
  it('shows which messages came by email and whether a reply sent by email bounced', async () => {
    const team = await createTeam(server);
    mounted = await mountSignedIn(server, team.me);
    const api = await colleagueApi(server, team.me);
    const chat = await startVisitorChat(server, team, { name: 'Ana', email: VISITOR_EMAIL });
    const conversationId = chat.conversation.id;
    await chat.send('From the chat');
    // The visitor leaves: replies from now on go out by email as well.
    chat.socket.disconnect();

    fireEvent.click(await screen.findByRole('button', { name: /^Ana/ }));
    await screen.findByRole('heading', { level: 2, name: 'Ana' });

    await api('POST', `/v1/agent/conversations/${conversationId}/messages`, {
      text: 'Our answer',
      clientId: 'marks-reply-000001',
    });
    await waitFor(() => expect(mailsTo(VISITOR_EMAIL)).toHaveLength(1), { timeout: 15_000 });
    const first = mailsTo(VISITOR_EMAIL)[0]!;
    await waitFor(() => expect(item('Our answer').textContent).toContain('Also sent by email'));

    // The visitor's mailbox refuses it: the receiving MTA reports to the bounce address.
    const client = inboundClient(server.server.inboundSmtpPort()!);
    await client.sendMail({
      envelope: { from: '', to: `bounces@${DOMAIN}` },
      raw: deliveryReport(DOMAIN, first.messageId!, VISITOR_EMAIL),
    });
    await waitFor(() => expect(item('Our answer').textContent).toContain('The email bounced'));

    await api('POST', `/v1/agent/conversations/${conversationId}/messages`, {
      text: 'Another answer',
      clientId: 'marks-reply-000002',
    });
    await waitFor(() => expect(mailsTo(VISITOR_EMAIL)).toHaveLength(2), { timeout: 15_000 });
    const second = mailsTo(VISITOR_EMAIL)[1]!;
    await waitFor(() => expect(item('Another answer').textContent).toContain('Also sent by email'));

    // The visitor answers the second mail from their inbox.
    await client.sendMail({
      from: `Ana <${VISITOR_EMAIL}>`,
      to: second.replyTo?.value[0]?.address ?? '',
      subject: `Re: ${second.subject}`,
      inReplyTo: second.messageId,
      messageId: '<marks-1@mail.example.com>',
      text: `Thanks, from my inbox\n\nOn Mon, Dec 7, 2026 Accounts Shop wrote:\n> Another answer\n`,
    });
    client.close();

    expect(await messages().findByText('Thanks, from my inbox')).toBeTruthy();
    expect(item('Thanks, from my inbox').textContent).toContain('by email');
    expect(item('From the chat').textContent).not.toContain('by email');
    expect(item('Our answer').textContent).toContain('The email bounced');
    expect(item('Our answer').textContent).not.toContain('Also sent by email');
    expect(item('Another answer').textContent).toContain('Also sent by email');
    expect(item('Another answer').textContent).not.toContain('bounced');
  });
});
