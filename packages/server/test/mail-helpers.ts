import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

// Real mail both ways for suites about email continuity (docs/email.md): a real SMTP server stands
// in for the merchant's relay (a third party), and nodemailer, a real SMTP client, is the visitor's
// mail provider talking to the product's own listener. The console's suite uses these too.

export interface MailSink {
  /** `SMTP_URL` for the server under test. */
  url: string;
  /** Every mail the sink has received, in order. */
  received: ParsedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on a free port that keeps what it receives, parsed. */
export async function startMailSink(): Promise<MailSink> {
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
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
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** A real SMTP client for the product's inbound listener on `port`. */
export function inboundClient(port: number) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    // The listener offers STARTTLS with smtp-server's own certificate, as a real MTA would meet it.
    tls: { rejectUnauthorized: false },
  });
}

/**
 * A delivery status report (RFC 3464) for the mail with `messageId`, as a receiving MTA sends it
 * to `bounces@<domain>` with a null sender: what the listener reads to mark replies bounced.
 */
export function deliveryReport(domain: string, messageId: string, recipient: string): string {
  return [
    'MIME-Version: 1.0',
    `To: bounces@${domain}`,
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'The mail could not be delivered.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    '--b1',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${messageId}`,
    'Subject: whatever',
    '--b1--',
    '',
  ].join('\r\n');
}
