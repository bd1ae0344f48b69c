import type { JSX, Ref } from 'preact';
import { useId } from 'preact/hooks';

export interface TextFieldProps
  extends Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'class' | 'className' | 'ref'> {
  label: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input; the label is a real `<label for>`, so clicking it and screen readers both work. */
export function TextField({ label, inputRef, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      <input {...input} id={id} ref={inputRef} class="field__input" />
    </div>
  );
}
