import type { PluralBase, Translate } from '@topay-support/protocol';

// The payments strings' reference table (English): its keys type every other locale's. Not in the payments chunk:
// English travels in `i18n/locales/en.ts` like every locale but the inlined default (`messages.zh-CN.ts`).
export const paymentsEn = {
  'payments.intro': 'Enter the order or payment reference and the email address you used to pay.',
  'payments.referenceLabel': 'Order or payment reference',
  'payments.emailLabel': 'Email used to pay',
  'payments.referenceRequired': 'Enter the order or payment reference.',
  'payments.emailInvalid': 'Enter the email address you paid with, like name@example.com.',
  'payments.submit': 'Check payment status',
  'payments.busy': 'Checking…',
  'payments.notFound':
    'No payment matches that reference and email. Check both and try again; if they are right, sign in on this site to see your payments, or ask us in the chat.',
  'payments.rateLimited': 'Too many attempts. Please try again in {{wait}}.',
  'payments.providerDown': 'Payment status can’t be checked right now. Please try again in a few minutes.',
  'payments.networkError': 'Couldn’t reach support. Check your connection and try again.',
  'payments.yours': 'Your recent payments',
  'payments.yoursFailed': 'Your payments couldn’t be loaded.',
  'payments.yoursEmpty': 'No recent payments.',
  'payments.other': 'Look up another payment',
  'payments.retry': 'Try again',
  'payments.another': 'Check another payment',
  'payments.ask': 'Ask about this payment',
  'payments.amount': 'Amount',
  'payments.merchant': 'Merchant',
  'payments.referenceShort': 'Reference',
  'payments.card': 'Card',
  'payments.created': 'Created',
  'payments.timeline': 'Timeline',
  'payments.whatHappened': 'Why it failed and what to try',
  'payments.cardEnding': '{{brand}} ending in {{last4}}',
  'payments.brand.unionpay': 'UnionPay',
  'payments.brand.other': 'Card',
  'payments.status.succeeded': 'Payment succeeded',
  'payments.status.pending': 'Waiting for confirmation',
  'payments.status.processing': 'Processing',
  'payments.status.failed': 'Payment failed',
  'payments.status.refunded': 'Refunded',
  'payments.status.partially_refunded': 'Partially refunded',
  'payments.status.disputed': 'In dispute',
  'payments.status.cancelled': 'Cancelled',
  'payments.about.succeeded': 'The merchant has received this payment.',
  'payments.about.pending':
    'This payment hasn’t been confirmed yet. That usually takes a few minutes; please don’t pay again.',
  'payments.about.processing':
    'Your bank is processing this payment. That usually takes a few minutes; please don’t pay again.',
  'payments.about.failed': 'This payment didn’t go through.',
  'payments.about.refunded':
    'The money is on its way back to your card. Card refunds take 5–10 business days to show up.',
  'payments.about.partially_refunded':
    'Part of this payment is on its way back to your card. Card refunds take 5–10 business days to show up.',
  'payments.about.disputed':
    'A dispute about this payment is open with your bank. The bank decides, usually within 30–90 days.',
  'payments.about.cancelled': 'This payment was cancelled before it completed.',
  'payments.reason.insufficient_funds':
    'Insufficient funds: check your account balance, or try another card.',
  'payments.reason.card_declined':
    'Your card was declined: contact the bank that issued the card, or try another card.',
  'payments.reason.expired_card': 'Your card has expired: update the card details, or use another card.',
  'payments.reason.risk_blocked':
    'The payment was stopped by a security check: try again later, or ask us and we’ll help.',
  'payments.reason.incorrect_cvc':
    'The security code was wrong: check the 3 or 4 digits on your card and try again.',
  'payments.reason.authentication_failed':
    'Your bank’s verification wasn’t completed: try again and finish the verification step (such as an SMS code).',
  'payments.reason.processing_error':
    'Something went wrong while processing: wait a few minutes and try again.',
  'payments.reason.cancelled_by_customer': 'You cancelled this payment.',
  'payments.event.created': 'Payment created',
  'payments.event.authorized': 'Authorized by the bank',
  'payments.event.processing': 'Processing',
  'payments.event.succeeded': 'Payment succeeded',
  'payments.event.failed': 'Payment failed',
  'payments.event.refund_requested': 'Refund requested',
  'payments.event.refunded': 'Refunded',
  'payments.event.partially_refunded': 'Partially refunded',
  'payments.event.dispute_opened': 'Dispute opened',
  'payments.event.cancelled': 'Cancelled',
  'payments.article.payment-failed': 'What to do when a payment fails',
  'payments.article.refunds': 'How refunds and disputes work',
  'payments.article.missing-confirmation': 'Paid but no confirmation yet?',
} as const;

/** The keys code passes to `t` (plural keys without their `_one`/`_other` suffix). */
export type PaymentsKey = PluralBase<PaymentsEnKey>;
export type PaymentsEnKey = keyof typeof paymentsEn;

export type PaymentsTranslate = Translate<PaymentsKey>;
