import { ATTACHMENT_TYPES, type Attachment, LIMITS, type Message } from '@topay-support/protocol';
import { SupportError } from '../client/errors.js';

/** What `upload` takes: a `File` (its name is kept), or any `Blob` with an optional name. */
export type UploadFile = Blob & { name?: string };

export interface UploadOptions {
  /** Aborts the upload (the visitor removed the file); the promise then rejects with `network_error`. */
  signal?: AbortSignal;
}

const TYPES: readonly string[] = ATTACHMENT_TYPES;

/**
 * Refuses early, before a byte is sent, what the server would refuse anyway, so the visitor hears at once.
 * It is only a first look: the server decides by the file's content, never by its name or declared type.
 */
export function checkUpload(file: UploadFile): void {
  if (typeof file?.size !== 'number' || typeof file.slice !== 'function')
    throw new SupportError('invalid_request', 'upload takes a File or a Blob');
  if (file.size === 0) throw new SupportError('invalid_request', 'the file is empty');
  if (file.size > LIMITS.attachmentBytes)
    throw new SupportError('too_large', `a file has at most ${LIMITS.attachmentBytes / 1048576} MB`);
  // No declared type is common (pastes, unusual extensions): the server then judges the bytes alone.
  if (file.type && !TYPES.includes(file.type))
    throw new SupportError(
      'invalid_request',
      'only PNG, JPEG, WebP images and PDF documents can be attached',
    );
}

/** The server hands out attachment links relative to itself; whoever shows them needs them absolute. */
export function absoluteAttachment(attachment: Attachment, serverUrl: string): Attachment {
  return { ...attachment, url: new URL(attachment.url, serverUrl).href };
}

/** The message with absolute attachment links; the same object when it has none. */
export function absoluteMessage(message: Message, serverUrl: string): Message {
  if (!message.attachments?.length) return message;
  return { ...message, attachments: message.attachments.map((a) => absoluteAttachment(a, serverUrl)) };
}
