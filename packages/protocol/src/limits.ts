/** Limits every part enforces alike; the server is the authority, clients check early to fail fast. */
export const LIMITS = {
  /** Characters in one chat message, after trimming. */
  messageLength: 4000,
  /** Characters in a client-generated message id. */
  clientIdLength: 64,
  /** Characters in a help search query. */
  searchQueryLength: 200,
  /** Bytes of one attachment upload. */
  attachmentBytes: 10 * 1024 * 1024,
  /** Characters in a visitor's name or an agent's name. */
  nameLength: 120,
  /** Characters in an email address (RFC 5321 path limit). */
  emailLength: 254,
  /** Characters in an agent password; the lower bound applies when one is set. */
  passwordMinLength: 10,
  passwordMaxLength: 256,
  /** Attachments on one message. */
  attachmentsPerMessage: 5,
  /** Characters in a rating comment. */
  ratingCommentLength: 1000,
  /** Messages returned by one sync or history request. */
  syncPageSize: 200,
  /** Bytes of a JSON request body on the HTTP API. */
  jsonBodyBytes: 64 * 1024,
} as const;

/** Bumped on any incompatible change of the socket events or REST shapes. */
export const PROTOCOL_VERSION = 2;
