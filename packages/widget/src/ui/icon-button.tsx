import { Icon, type IconName } from './icon.js';

export interface IconButtonProps {
  icon: IconName;
  /** The accessible name: the button shows only an icon. */
  label: string;
  onClick(): void;
  /** `flip` for icons that point along the reading direction (Back): mirrored in RTL. */
  className?: string;
}

export function IconButton({ icon, label, onClick, className }: IconButtonProps) {
  return (
    <button
      type="button"
      class={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      title={label}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}
