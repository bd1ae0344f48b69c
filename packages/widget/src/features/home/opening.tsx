import type { BusinessHours } from '@topay-support/protocol';
import { useT } from '../../app/context.js';
import { openingState } from './hours.js';

/** "Open now", or when the merchant is back, in the visitor's locale and time zone (the strings' `{{at, time}}`). */
export function Opening({ hours }: { hours: BusinessHours }) {
  const t = useT();
  const now = new Date();
  const state = openingState(hours, now);
  let text = t('home.closed');
  if (state.open) text = t('home.openNow');
  else if (state.opensAt) {
    const sameDay = state.opensAt.toDateString() === now.toDateString();
    text = t(sameDay ? 'home.backAt' : 'home.backOn', { at: state.opensAt });
  }
  return <p class={state.open ? 'opening open' : 'opening'}>{text}</p>;
}
