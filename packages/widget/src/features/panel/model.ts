import { type ReadonlySignal, signal } from '@preact/signals';

export type ViewName = 'home' | 'help' | 'payments' | 'chat';

export interface PanelModel {
  readonly isOpen: ReadonlySignal<boolean>;
  readonly view: ReadonlySignal<ViewName>;
  /** True in the full-screen phone layout, where the panel is modal and traps focus. */
  readonly isCompact: ReadonlySignal<boolean>;
  /** Bumped whenever focus should move into the current view; the panel reacts, the model knows no DOM. */
  readonly focusRequest: ReadonlySignal<number>;
  /** Inline panels are always shown and cannot be closed. */
  readonly inline: boolean;
  open(): void;
  close(): void;
  toggle(): void;
  /** Shows `view`, opening the panel if needed. */
  show(view: ViewName): void;
  setCompact(compact: boolean): void;
}

export interface PanelModelOptions {
  inline: boolean;
  onOpen(): void;
  onClose(): void;
}

export function createPanelModel(options: PanelModelOptions): PanelModel {
  const isOpen = signal(options.inline);
  const view = signal<ViewName>('home');
  const isCompact = signal(false);
  const focusRequest = signal(0);

  function open(): void {
    if (isOpen.peek()) return;
    isOpen.value = true;
    focusRequest.value++;
    options.onOpen();
  }

  function close(): void {
    if (options.inline || !isOpen.peek()) return;
    isOpen.value = false;
    options.onClose();
  }

  return {
    isOpen,
    view,
    isCompact,
    focusRequest,
    inline: options.inline,
    open,
    close,
    toggle: () => (isOpen.peek() ? close() : open()),
    show(next) {
      const wasOpen = isOpen.peek();
      view.value = next;
      if (wasOpen) focusRequest.value++;
      else open();
    },
    setCompact(compact) {
      isCompact.value = compact;
    },
  };
}
