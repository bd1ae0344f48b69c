/**
 * The one table of send failures (issue 12): which a resend can fix and which it cannot. The protocol's test
 * checks the rule and that every socket error code is classified here; the SDK's delivery and the console's
 * outbox run every row through their retry logic.
 */

export interface SendErrorCase {
  code: string;
  permanent: boolean;
}

export const SEND_ERROR_CASES: readonly SendErrorCase[] = [
  { code: 'invalid_request', permanent: true },
  { code: 'not_found', permanent: true },
  { code: 'forbidden', permanent: true },
  { code: 'client_id_conflict', permanent: true },
  { code: 'too_large', permanent: true },
  { code: 'conversation_resolved', permanent: true },
  { code: 'unauthorized', permanent: true },
  { code: 'origin_not_allowed', permanent: true },
  { code: 'identity_rejected', permanent: true },
  { code: 'rate_limited', permanent: false },
  { code: 'internal', permanent: false },
  { code: 'network_error', permanent: false },
  { code: 'provider_unavailable', permanent: false },
  { code: 'no_ack', permanent: false },
];
