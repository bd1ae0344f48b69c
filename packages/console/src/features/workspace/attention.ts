import { type ReadonlySignal, signal } from '@preact/signals';

export interface Attention {
  /** The page is visible and focused: what the agent sees counts as read. */
  readonly active: ReadonlySignal<boolean>;
  dispose(): void;
}

/**
 * @example
 * const attention = createAttention(document);
 * effect(() => attention.active.value && conversation.markRead());
 */
export function createAttention(doc: Document): Attention {
  const read = () => doc.visibilityState === 'visible' && doc.hasFocus();
  const active = signal(read());
  const update = () => {
    active.value = read();
  };
  const win = doc.defaultView;
  doc.addEventListener('visibilitychange', update);
  win?.addEventListener('focus', update);
  win?.addEventListener('blur', update);
  return {
    active,
    dispose() {
      doc.removeEventListener('visibilitychange', update);
      win?.removeEventListener('focus', update);
      win?.removeEventListener('blur', update);
    },
  };
}
