import { type ReadonlySignal, signal } from '@preact/signals';
import type { Locale } from '@topay-support/protocol';
import type { EmitWidgetEvent, Identity, SupportClient } from '@topay-support/sdk';
import { type ChunkStatus, createLazyChunk } from '../../app/lazy-chunk.js';
import type { PaymentDesk, PaymentsChunk } from './chunk.js';

/** What payment status needs of the SDK client. */
export type PaymentsBackend = Pick<SupportClient, 'payments'>;

/** "Ask about this payment": what the chat's open request carries (the email only when the visitor typed one). */
export interface PaymentQuestion {
  reference: string;
  email?: string;
}

export interface PaymentsModelOptions {
  /** Without a client that has `payments` (tests of other views) the view says lookups are unavailable. */
  backend: PaymentsBackend | undefined;
  /** The identified visitor, whose own recent payments are listed to choose from. */
  identity: ReadonlySignal<Identity | undefined>;
  emit: EmitWidgetEvent;
  /** Opens chat with the payment attached (the chat chunk loads as for `startChat`). */
  ask(question: PaymentQuestion): void;
  /** Shows a help article, with Back returning to the payment. */
  showArticle(slug: string): void;
  addResources(resources: Partial<Record<Locale, Readonly<Record<string, string>>>>): void;
  /** Fetches this feature's strings in the visitor's locale (`LocaleModel.featureStrings`). */
  featureStrings?: () => Promise<void>;
  setStyles(css: string): void;
}

export type PaymentsLoadStatus = ChunkStatus;

/**
 * The home bundle's side of payment status: the reference `checkPayment(reference)` asked for, and the door to the
 * lazy `payments` chunk, which holds the form, the result and their state (`desk.ts`).
 */
export interface PaymentsModel {
  /** The reference of the latest `checkPayment(reference)`; `''` after `checkPayment()`. */
  readonly reference: ReadonlySignal<string>;
  readonly status: ReadonlySignal<PaymentsLoadStatus>;
  readonly chunk: ReadonlySignal<PaymentsChunk | undefined>;
  readonly desk: ReadonlySignal<PaymentDesk | undefined>;
  /** Loads the payments chunk (once); the view asks when it shows. */
  load(): Promise<PaymentDesk | undefined>;
  /** `checkPayment(reference?)`: a fresh form, prefilled with the reference (the email field then takes focus). */
  start(reference?: string): void;
  dispose(): void;
}

export function createPaymentsModel(options: PaymentsModelOptions): PaymentsModel {
  const reference = signal('');
  const lazy = createLazyChunk({
    source: options.backend,
    importChunk: () => import('./chunk.js'),
    strings: options.featureStrings,
    setup(module, backend) {
      options.addResources(module.PAYMENTS_MESSAGES);
      options.setStyles(module.PAYMENTS_CSS);
      const created = module.createPaymentDesk({ ...options, backend });
      created.start(reference.peek());
      return created;
    },
  });
  const { status, chunk, feature: desk, load } = lazy;

  return {
    reference,
    status,
    chunk,
    desk,
    load,
    start(next) {
      reference.value = next ?? '';
      // Before the chunk arrives, `load` starts the desk with this reference.
      desk.peek()?.start(reference.peek());
    },
    dispose: lazy.dispose,
  };
}
