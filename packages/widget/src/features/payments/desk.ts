import { batch, effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { PaymentView } from '@topay-support/protocol';
import type { PaymentsModelOptions } from './model.js';

/** Deliberately loose: the server has the last word; this only catches typos before a ~0.5 s round trip. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why a look-up failed, as the visitor is told: one neutral message for both kinds of "not yours". */
export interface LookupError {
  code: 'payment_not_found' | 'rate_limited' | 'provider_unavailable' | 'network_error';
  retryAfterMs?: number | undefined;
}

/** The payment on screen. `email` is the proof the visitor typed, kept in memory only for "ask about this payment". */
export interface PaymentResult {
  payment: PaymentView;
  email?: string | undefined;
}

export type ListState =
  | { status: 'loading' }
  | { status: 'failed' }
  | { status: 'ready'; payments: readonly PaymentView[] };

export interface PaymentDeskOptions extends PaymentsModelOptions {
  backend: NonNullable<PaymentsModelOptions['backend']>;
}

export interface PaymentDesk {
  /** The form's fields; the inputs write here, so a trip to an article and back keeps them. */
  readonly reference: Signal<string>;
  readonly email: Signal<string>;
  /** Fields that failed validation at the last submit; a new object each time, so the form can focus the first. */
  readonly invalid: ReadonlySignal<{ reference: boolean; email: boolean } | undefined>;
  /** A look-up is in flight (the server takes at least ~400 ms on purpose). */
  readonly busy: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<LookupError | undefined>;
  readonly result: ReadonlySignal<PaymentResult | undefined>;
  /** The identified visitor's recent payments; `undefined` for anonymous visitors. */
  readonly list: ReadonlySignal<ListState | undefined>;
  /** `checkPayment(reference)` prefilled the reference: the email field is the one to fill (and focus). */
  readonly prefilled: ReadonlySignal<boolean>;
  /** Bumped by `start`: the form moves focus again (the panel's own focus pass may run before the form updates). */
  readonly started: ReadonlySignal<number>;
  /** A fresh form, e.g. from `checkPayment(reference?)`; an answer still in flight is dropped. */
  start(reference: string): void;
  submit(): void;
  /** Shows one of the identified visitor's own payments (no look-up needed: the list is already proof). */
  choose(payment: PaymentView): void;
  /** From the result back to the form. */
  back(): void;
  reloadList(): void;
  /** "Ask about this payment": chat opens with the payment attached. */
  ask(): void;
  article(slug: string): void;
  dispose(): void;
}

function lookupError(error: unknown): LookupError {
  const { code, retryAfterMs } = (error ?? {}) as { code?: string; retryAfterMs?: number };
  // `invalid_request` only gets past the form's checks when the server disagrees about the email: not found, too.
  if (code === 'payment_not_found' || code === 'invalid_request') return { code: 'payment_not_found' };
  if (code === 'rate_limited') return { code, retryAfterMs };
  if (code === 'provider_unavailable') return { code };
  return { code: 'network_error' };
}

/**
 * Payment status's state and actions: the form, the look-up, the result and the identified visitor's list.
 * Components only read; SDK answers become signal writes here.
 *
 * @example
 * const desk = createPaymentDesk({ backend: client, identity, emit, ask, showArticle, ... });
 * desk.start('demo-failed');
 * desk.email.value = 'buyer@example.com';
 * desk.submit(); // → desk.result, and `paymentChecked { reference, status }`
 */
export function createPaymentDesk(options: PaymentDeskOptions): PaymentDesk {
  const payments = options.backend.payments;
  const reference = signal('');
  const email = signal(options.identity.peek()?.email ?? '');
  const invalid = signal<{ reference: boolean; email: boolean } | undefined>(undefined);
  const busy = signal(false);
  const error = signal<LookupError | undefined>(undefined);
  const result = signal<PaymentResult | undefined>(undefined);
  const list = signal<ListState | undefined>(undefined);
  const prefilled = signal(false);
  const started = signal(0);
  const attempt = signal(0);
  // Bumped by `start` and `dispose`: an answer for an older request is ignored.
  let generation = 0;
  let user: string | undefined;

  function show(next: PaymentResult): void {
    batch(() => {
      busy.value = false;
      error.value = undefined;
      result.value = next;
    });
    // Only these two fields: never card data, never the email (docs/script-tag.md).
    options.emit('paymentChecked', { reference: next.payment.reference, status: next.payment.status });
  }

  const stop = effect(() => {
    const userId = options.identity.value?.userId;
    attempt.value;
    // Another visitor now: their predecessor's own payment (shown without an email) is not theirs to see.
    if (userId !== user && result.peek() && !result.peek()?.email) result.value = undefined;
    user = userId;
    if (!userId) {
      list.value = undefined;
      return;
    }
    let live = true;
    list.value = { status: 'loading' };
    payments.list().then(
      (answer) => {
        if (live) list.value = { status: 'ready', payments: answer };
      },
      () => {
        if (live) list.value = { status: 'failed' };
      },
    );
    return () => {
      live = false;
    };
  });

  return {
    reference,
    email,
    invalid,
    busy,
    error,
    result,
    list,
    prefilled,
    started,
    start(next) {
      generation++;
      batch(() => {
        reference.value = next;
        prefilled.value = next !== '';
        invalid.value = undefined;
        busy.value = false;
        error.value = undefined;
        result.value = undefined;
        started.value++;
      });
    },
    submit() {
      if (busy.peek()) return;
      const ref = reference.peek().trim();
      const mail = email.peek().trim();
      const bad = { reference: ref === '', email: !EMAIL.test(mail) };
      invalid.value = bad.reference || bad.email ? bad : undefined;
      if (invalid.peek()) return;
      const run = ++generation;
      batch(() => {
        busy.value = true;
        error.value = undefined;
      });
      payments.lookup({ reference: ref, email: mail }).then(
        (payment) => {
          if (run === generation) show({ payment, email: mail });
        },
        (failure: unknown) => {
          if (run !== generation) return;
          batch(() => {
            busy.value = false;
            error.value = lookupError(failure);
          });
        },
      );
    },
    choose: (payment) => show({ payment }),
    back() {
      generation++;
      batch(() => {
        result.value = undefined;
        busy.value = false;
        prefilled.value = false;
      });
    },
    reloadList() {
      attempt.value++;
    },
    ask() {
      const shown = result.peek();
      if (!shown) return;
      const { reference: ref } = shown.payment;
      options.ask(shown.email ? { reference: ref, email: shown.email } : { reference: ref });
    },
    article: (slug) => options.showArticle(slug),
    dispose() {
      generation++;
      stop();
    },
  };
}
