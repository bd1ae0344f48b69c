import nodemailer from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The rest is for reply emails (docs/email.md); transcripts send plain text only. */
  html?: string;
  /** Shown as the sender's name next to SMTP_FROM's address. */
  fromName?: string;
  replyTo?: string;
  /** Without angle brackets; fixed per email, so a retry is recognisably the same message. */
  messageId?: string;
  headers?: Record<string, string>;
  /** The envelope sender (where bounces go), when it differs from SMTP_FROM. */
  bounceTo?: string;
}

/** Sends mail; the chat uses it for transcripts when `SMTP_URL` is configured. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * A mailer over SMTP (`smtp://user:pass@host:587`, `smtps://…`), through nodemailer: connection
 * pooling, STARTTLS and encoding of non-ASCII subjects are its job, not ours.
 */
export function createSmtpMailer(url: string, from: string): Mailer {
  // Bounded, so an attempt ends well within the reply outbox's lease (features/email/outbox.ts) and a
  // hung relay cannot make another node send the same email meanwhile.
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return {
    async send(mail) {
      await transport.sendMail({
        from: mail.fromName ? { name: mail.fromName, address } : from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html !== undefined ? { html: mail.html } : {}),
        ...(mail.replyTo !== undefined ? { replyTo: mail.replyTo } : {}),
        ...(mail.messageId !== undefined ? { messageId: `<${mail.messageId}>` } : {}),
        ...(mail.headers !== undefined ? { headers: mail.headers } : {}),
        ...(mail.bounceTo !== undefined ? { envelope: { from: mail.bounceTo, to: [mail.to] } } : {}),
      });
    },
    close() {
      transport.close();
    },
  };
}
