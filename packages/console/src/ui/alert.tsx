import type { ComponentChildren } from 'preact';

export interface AlertProps {
  tone: 'error' | 'info';
  children: ComponentChildren;
}

/** Errors interrupt (`role="alert"`); information waits its turn (`role="status"`). */
export function Alert({ tone, children }: AlertProps) {
  return (
    <div class={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
