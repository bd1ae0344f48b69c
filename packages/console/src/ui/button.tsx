import type { ComponentChildren, JSX } from 'preact';

export interface ButtonProps
  extends Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'className'> {
  variant?: 'primary' | 'secondary' | 'quiet';
  /** Shows a spinner and blocks clicks, but stays focusable so keyboard users do not lose their place. */
  busy?: boolean;
  wide?: boolean;
  children: ComponentChildren;
}

export function Button({
  variant = 'secondary',
  busy = false,
  wide = false,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  const classes = ['button', `button--${variant}`, wide ? 'button--wide' : ''].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      {...rest}
      class={classes}
      aria-busy={busy ? 'true' : undefined}
      aria-disabled={busy ? 'true' : rest['aria-disabled']}
      onClick={(event) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    >
      {busy ? <span class="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
