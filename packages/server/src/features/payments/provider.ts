import type { PaymentView } from '@topay-support/protocol';

/** A payment as the platform knows it: the view a visitor may see, plus what proves ownership. */
export interface ProviderPayment {
  view: PaymentView;
  /** The email used to pay, as the platform stored it. */
  email: string;
  /** The merchant's user id of the payer, when the payment was made by a signed-in user. */
  userId: string | null;
}

/** Where payment facts come from. Never returns more of a card than brand and last four. */
export interface PaymentProvider {
  find(
    merchant: { id: string; key: string; name: string },
    reference: string,
  ): Promise<ProviderPayment | undefined>;
  listForUser(
    merchant: { id: string; key: string; name: string },
    userId: string,
    limit: number,
  ): Promise<ProviderPayment[]>;
}

/** The platform could not answer (timeout, 5xx, garbage, circuit open): shown to visitors as provider_unavailable. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
}
