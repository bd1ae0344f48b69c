export const PAYMENT_STATUSES = [
  'pending',
  'processing',
  'succeeded',
  'failed',
  'refunded',
  'partially_refunded',
  'disputed',
  'cancelled',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Why a payment failed or was stopped; shown to visitors in plain words. */
export const PAYMENT_REASONS = [
  'insufficient_funds',
  'card_declined',
  'expired_card',
  'risk_blocked',
  'incorrect_cvc',
  'authentication_failed',
  'processing_error',
  'cancelled_by_customer',
] as const;
export type PaymentReason = (typeof PAYMENT_REASONS)[number];

export const PAYMENT_EVENT_TYPES = [
  'created',
  'authorized',
  'processing',
  'succeeded',
  'failed',
  'refund_requested',
  'refunded',
  'partially_refunded',
  'dispute_opened',
  'cancelled',
] as const;
export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

export const CARD_BRANDS = ['visa', 'mastercard', 'unionpay', 'amex', 'jcb', 'discover', 'other'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** A payment as a visitor with proof of ownership sees it: never more of a card than brand and last four. */
export interface PaymentView {
  reference: string;
  status: PaymentStatus;
  reason?: PaymentReason;
  amount: { minor: number; currency: string };
  merchant: { name: string };
  card?: { brand: CardBrand; last4: string };
  createdAt: string;
  events: Array<{ type: PaymentEventType; at: string }>;
}

/** `POST /v1/payments/lookup` body: proof of ownership is the reference together with the email used to pay. */
export interface PaymentLookupRequest {
  reference: string;
  email: string;
}

export interface PaymentLookupResponse {
  payment: PaymentView;
}

/** `GET /v1/payments` answer for an identified visitor: their own recent payments, newest first. */
export interface PaymentListResponse {
  payments: PaymentView[];
}
