import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a handed-out attachment link works; clients get fresh links whenever they load messages. */
const LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface AttachmentUrlSigner {
  url(attachmentId: string): string;
  verify(attachmentId: string, expires: string, signature: string): boolean;
}

/**
 * Attachment links are capabilities: only participants receive them (inside messages of their own
 * conversations), they expire, and they name one file. An `<img src>` cannot send a bearer token.
 */
export function createAttachmentUrlSigner(secret: string, now: () => number = Date.now): AttachmentUrlSigner {
  const sign = (id: string, expires: string) =>
    createHmac('sha256', secret).update(`attachment:${id}:${expires}`).digest('base64url');
  return {
    url(attachmentId) {
      // Rounded to the hour so repeated loads produce the same URL and browsers can cache the file.
      const expires = String(Math.ceil((now() + LIFETIME_MS) / 3_600_000) * 3_600_000);
      return `/v1/attachments/${attachmentId}?expires=${expires}&signature=${sign(attachmentId, expires)}`;
    },
    verify(attachmentId, expires, signature) {
      if (!/^\d{1,15}$/.test(expires) || Number(expires) < now()) return false;
      const expected = Buffer.from(sign(attachmentId, expires));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
