import { type ReadonlySignal, signal } from '@preact/signals';

export interface PaymentsModel {
  /** A payment reference to prefill, from `checkPayment(reference)`. */
  readonly reference: ReadonlySignal<string>;
  /** The latest call decides the prefill, so `checkPayment()` starts blank. */
  start(reference?: string): void;
}

export function createPaymentsModel(): PaymentsModel {
  const reference = signal('');
  return {
    reference,
    start(next) {
      reference.value = next ?? '';
    },
  };
}
