import type {
  PaymentListResponse,
  PaymentLookupRequest,
  PaymentLookupResponse,
  PaymentView,
} from '@topay-support/protocol';
import { SupportError } from '../client/errors.js';
import { type HttpOptions, requestJson } from '../client/http.js';

/** Payment status as visitors see it (docs/sdk.md, docs/design.md#payment-status), over plain HTTP. */
export interface PaymentsApi {
  /**
   * One payment, with proof of ownership: its reference and the email used to pay. An unknown reference and a
   * wrong email reject alike with `payment_not_found` (404), so the answer never says which part was wrong; the
   * server answers no sooner than ~400 ms either way. Other rejections: `rate_limited` (429, with
   * `retryAfterMs`), `provider_unavailable` (503), `invalid_request` (an empty field, checked here without a
   * request), `network_error`. Never more of a card than brand and last four digits.
   *
   * @example
   * const payment = await client.payments.lookup({ reference: 'demo-failed', email: 'buyer@example.com' });
   * payment.status; // 'failed'
   * payment.reason; // 'insufficient_funds'
   */
  lookup(proof: PaymentLookupRequest): Promise<PaymentView>;
  /**
   * The identified visitor's recent payments, newest first. Needs `client.identify({ userId, userHash })` first:
   * it connects the chat session (loading its chunk) to get a visitor token the server verified as that user.
   * Without `identify` it rejects with `unauthorized` at once, without a request; with a userHash that does not
   * verify, the server's `unauthorized` (401).
   *
   * @example
   * client.identify({ userId: 'demo-user-1', userHash });
   * const payments = await client.payments.list();
   */
  list(): Promise<PaymentView[]>;
}

export interface PaymentsApiOptions {
  http: HttpOptions;
  closed(): boolean;
  /** The visitor token a previous session stored, if any: look-ups then count against this visitor's limit. */
  storedToken(): string | undefined;
  /** Whether `identify` was called (and not undone by `logout`). */
  identified(): boolean;
  /** The chat session's visitor token once it is connected as the identified user. */
  sessionToken(): Promise<string | undefined>;
}

const bearer = (token: string | undefined) => (token ? { authorization: `Bearer ${token}` } : undefined);

/** The payment calls of a client. */
export function createPaymentsApi(options: PaymentsApiOptions): PaymentsApi {
  const closedError = () => new SupportError('network_error', 'the support client is closed');
  return {
    lookup(proof) {
      if (options.closed()) return Promise.reject(closedError());
      const reference = typeof proof?.reference === 'string' ? proof.reference.trim() : '';
      const email = typeof proof?.email === 'string' ? proof.email.trim() : '';
      if (!reference || !email) {
        return Promise.reject(new SupportError('invalid_request', 'reference and email are both required'));
      }
      const body: PaymentLookupRequest = { reference, email };
      return requestJson<PaymentLookupResponse>(options.http, '/v1/payments/lookup', {
        method: 'POST',
        body,
        headers: bearer(options.storedToken()),
      }).then((answer) => answer.payment);
    },
    async list() {
      if (options.closed()) throw closedError();
      if (!options.identified()) {
        throw new SupportError(
          'unauthorized',
          'payments.list() needs an identified visitor: call identify({ userId, userHash }) first',
        );
      }
      const token = await options.sessionToken();
      const answer = await requestJson<PaymentListResponse>(options.http, '/v1/payments', {
        headers: bearer(token),
      });
      return answer.payments;
    },
  };
}
