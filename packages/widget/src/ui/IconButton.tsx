import { Icon, type IconName } from './Icon.js';

export interface IconButtonProps {
  icon: IconName;
  /** The accessible name: the button shows only an icon. */
  label: string;
  onClick(): void;
}

export function IconButton({ icon, label, onClick }: IconButtonProps) {
  return (
    <button type="button" class="icon-button" aria-label={label} title={label} onClick={onClick}>
      <Icon name={icon} />
    </button>
  );
}
