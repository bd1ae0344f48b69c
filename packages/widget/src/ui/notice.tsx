import type { ComponentChildren } from 'preact';
import { Icon, type IconName } from './icon.js';

export interface NoticeProps {
  icon: IconName;
  title: string;
  body: string;
  children?: ComponentChildren;
}

/** A plain statement in the middle of a view: what is (not) possible here, and why. */
export function Notice({ icon, title, body, children }: NoticeProps) {
  return (
    <div class="notice">
      <Icon name={icon} />
      <h3 class="notice-title">{title}</h3>
      <p>{body}</p>
      {children}
    </div>
  );
}
