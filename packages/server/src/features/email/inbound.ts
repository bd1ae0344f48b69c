import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '@topay-support/protocol';
import { htmlToText } from 'html-to-text';
import { type ParsedMail, simpleParser } from 'mailparser';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { Storage } from '../../storage/storage.js';
import { safeFileName, sniffAttachmentType } from '../attachments/sniff.js';
import type { AttachmentStore } from '../attachments/store.js';
import type { ChatService } from '../chat/service.js';
import { stripReplyText } from './reply-text.js';
import type { EmailTokens } from './tokens.js';

/** A whole mail, attachments included, may be this big; the SIZE extension says so up front. */
export const INBOUND_MAX_BYTES = 25 * 1024 * 1024;
/** Recipients per mail: a reply has one of ours; a mail to many is no reply. */
const MAX_RECIPIENTS = 5;
/** Mails per sender address per 10 minutes, on this node. */
const MAILS_PER_SENDER = 20;

const REPLY_LOCAL = /^reply\+([a-z2-7]+)$/i;
const BOUNCES_LOCAL = 'bounces';

export interface InboundMailDeps {
  storage: Storage;
  chat: ChatService;
  tokens: EmailTokens;
  attachments: AttachmentStore;
  /** `INBOUND_EMAIL_DOMAIN`: the only domain accepted (no relaying). */
  domain: string;
  /** A bounce arrived for a sent reply email: agents see it. */
  bounced(conversationId: string): void;
  logger: {
    warn(obj: object, msg: string): void;
    info(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
}

export interface InboundMail {
  /** Listens on `port` (0 = any free one); resolves with the port. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

interface Accepted {
  /** `reply`: a visitor's reply to a conversation; `bounces`: delivery reports for our mails. */
  kind: 'reply' | 'bounces';
  conversationId?: string;
  visitorEmail?: string;
}

/** An SMTP reply the client understands: the code and an enhanced status code in the text. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function lower(address: string): string {
  return address.trim().toLowerCase();
}

/** Auto-replies, list mail and delivery reports (RFC 3834, RFC 3464 and common practice). */
function isAutomatic(mail: ParsedMail): boolean {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.toLowerCase() : value === undefined ? undefined : String(value);
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (/^(bulk|junk|list|auto_reply)$/.test(header('precedence') ?? '')) return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  const type = mail.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (type?.value === 'multipart/report') return true;
  return false;
}

/**
 * The SMTP listener for replies (docs/email.md). It accepts mail only for `reply+<token>@DOMAIN`
 * (and `bounces@DOMAIN`), refuses unknown tokens and other senders while the client is still
 * connected (so the sender's own server tells them), and turns a visitor's reply into a message
 * of the conversation: quoted history and signature stripped, HTML converted to text, images and
 * PDFs checked by content like uploads, card data redacted by the chat service. Auto-replies and
 * delivery reports are accepted and dropped, never answered: no mail loop can start.
 */
export function createInboundMail(deps: InboundMailDeps): InboundMail {
  const { storage, tokens, logger } = deps;
  const domain = lower(deps.domain);
  const accepted = new Map<string, Accepted>();
  const perSender = new RateLimiterMemory({ points: MAILS_PER_SENDER, duration: 600 });
  const visitorOf = async (conversationId: string) =>
    (await storage.conversations.findById(conversationId))?.visitorId;

  const server = new SMTPServer({
    name: domain,
    banner: 'topay-support reply receiver',
    size: INBOUND_MAX_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    maxClients: 100,
    socketTimeout: 60_000,
    async onMailFrom(address, session, callback) {
      // A new transaction: what an aborted one (RSET) accepted no longer counts.
      accepted.delete(session.id);
      const sender = lower(address.address);
      if (sender === '') return callback();
      try {
        await perSender.consume(sender);
        callback();
      } catch (error) {
        if (error instanceof RateLimiterRes)
          return callback(smtpError(450, '4.7.1 Too many messages from this sender; try again later'));
        callback(error as Error);
      }
    },
    async onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      try {
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS)
          return callback(smtpError(452, '4.5.3 Too many recipients'));
        const [local = '', host = ''] = splitAddress(address.address);
        if (lower(host) !== domain) return callback(smtpError(550, '5.7.1 Relaying denied: unknown domain'));
        const previous = accepted.get(session.id);
        if (local.toLowerCase() === BOUNCES_LOCAL) {
          if (!previous) accepted.set(session.id, { kind: 'bounces' });
          return callback();
        }
        const match = REPLY_LOCAL.exec(local);
        const claims = match ? await tokens.verify('reply', match[1]!, visitorOf) : undefined;
        if (!claims) return callback(smtpError(550, '5.1.1 Unknown or expired reply address'));
        const conversation = await storage.conversations.findById(claims.conversationId);
        const visitor = conversation && (await storage.visitors.findById(conversation.visitorId));
        if (!conversation || !visitor?.email) return callback(smtpError(550, '5.1.1 Unknown reply address'));
        const sender = session.envelope.mailFrom ? lower(session.envelope.mailFrom.address) : '';
        // A null sender is a bounce or an auto-reply: taken and dropped below, never answered.
        if (sender !== '' && sender !== lower(visitor.email))
          return callback(smtpError(550, "5.7.1 The sender is not this conversation's visitor"));
        if (previous?.kind === 'reply' && previous.conversationId !== conversation.id)
          return callback(smtpError(452, '4.5.3 One conversation per message'));
        accepted.set(session.id, {
          kind: 'reply',
          conversationId: conversation.id,
          visitorEmail: lower(visitor.email),
        });
        callback();
      } catch (error) {
        logger.error({ err: error }, 'checking an inbound recipient failed');
        callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= INBOUND_MAX_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => {
        const target = accepted.get(session.id);
        accepted.delete(session.id);
        if (stream.sizeExceeded || size > INBOUND_MAX_BYTES)
          return callback(smtpError(552, '5.3.4 Message too big'));
        if (!target) return callback(smtpError(554, '5.5.1 No valid recipients'));
        const raw = Buffer.concat(chunks);
        const nullSender = !session.envelope.mailFrom || session.envelope.mailFrom.address === '';
        receive(raw, target, nullSender).then(
          () => callback(),
          (error: unknown) => {
            logger.error({ err: error }, 'receiving an inbound mail failed');
            callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
          },
        );
      });
    },
    onClose(session) {
      accepted.delete(session.id);
    },
  });
  server.on('error', (error) => logger.warn({ err: error }, 'inbound SMTP error'));

  async function receive(raw: Buffer, target: Accepted, nullSender: boolean): Promise<void> {
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    if (target.kind === 'bounces' || nullSender || isAutomatic(mail)) {
      await recordBounce(raw, mail);
      return;
    }
    const from = mail.from?.value[0]?.address;
    if (!from || lower(from) !== target.visitorEmail) {
      logger.warn(
        { conversationId: target.conversationId },
        'inbound reply dropped: From is not the visitor',
      );
      return;
    }
    const conversationId = target.conversationId!;
    const conversation = await storage.conversations.findById(conversationId);
    if (!conversation) return;
    const notes: string[] = [];
    let text = stripReplyText(plainText(mail));
    if (text.length > LIMITS.messageLength) {
      text = `${text.slice(0, LIMITS.messageLength - 20).trimEnd()} …`;
    }
    const attachmentIds: string[] = [];
    for (const part of mail.attachments) {
      if (part.related) continue; // inline logos and signature images
      const name = part.filename ?? 'attachment';
      const type = sniffAttachmentType(part.content);
      if (!type) continue;
      if (
        part.content.length > LIMITS.attachmentBytes ||
        attachmentIds.length >= LIMITS.attachmentsPerMessage
      ) {
        notes.push(`[${safeFileName(name, type)}: not kept, over the attachment limits]`);
        continue;
      }
      const record = await storage.attachments.create({
        merchantId: conversation.merchantId,
        uploaderType: 'visitor',
        uploaderId: conversation.visitorId,
        name: safeFileName(name, type),
        contentType: type,
        size: part.content.length,
      });
      await deps.attachments.put(record.id, part.content);
      attachmentIds.push(record.id);
    }
    if (notes.length > 0) text = [text, ...notes].filter(Boolean).join('\n');
    if (text === '' && attachmentIds.length === 0) {
      logger.info({ conversationId }, 'inbound reply dropped: nothing new above the quoted history');
      return;
    }
    const messageId = mail.messageId ?? createHash('sha256').update(raw).digest('hex');
    const clientId = `email-${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;
    await deps.chat.receiveEmail(conversationId, { clientId, text, attachmentIds });
  }

  /** A delivery report names the Message-ID of our mail in its returned headers. */
  async function recordBounce(raw: Buffer, mail: ParsedMail): Promise<void> {
    const isReport =
      (mail.headers.get('content-type') as { value?: string } | undefined)?.value === 'multipart/report';
    if (!isReport) {
      logger.info({}, 'inbound auto-reply dropped');
      return;
    }
    const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ids = new Set(
      [...raw.toString('utf8').matchAll(new RegExp(`<(reply-[0-9a-f-]{36}@${escaped})>`, 'gi'))].map((m) =>
        m[1]!.toLowerCase(),
      ),
    );
    for (const id of ids) {
      const row = await storage.email.markBounced(id);
      if (row) {
        logger.warn({ emailId: row.id, conversationId: row.conversationId }, 'reply email bounced');
        deps.bounced(row.conversationId);
      }
    }
  }

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve((server.server.address() as AddressInfo).port);
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The mail's text. HTML-only mail (with attachments mailparser leaves it unconverted) becomes text
 * here: it is never stored or shown as HTML. Quoted blocks go with the markup that marks them.
 */
function plainText(mail: ParsedMail): string {
  if (mail.text) return mail.text;
  if (typeof mail.html !== 'string' || mail.html.length > 2_000_000) return '';
  return htmlToText(mail.html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'blockquote', format: 'skip' },
      { selector: '.gmail_quote', format: 'skip' },
      { selector: '#appendonsend', format: 'skip' },
    ],
  });
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return at < 0 ? [address, ''] : [address.slice(0, at), address.slice(at + 1)];
}
