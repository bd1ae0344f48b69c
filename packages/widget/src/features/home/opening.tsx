import type { BusinessHours } from '@topay-support/protocol';
import { useModel, useT } from '../../app/context.js';
import { openingState } from './hours.js';

/** "Open now", or when the merchant is back, in the visitor's locale and time zone. */
export function Opening({ hours }: { hours: BusinessHours }) {
  const t = useT();
  const locale = useModel().i18n.locale.value;
  const now = new Date();
  const state = openingState(hours, now);
  let text = t('home.closed');
  if (state.open) text = t('home.openNow');
  else if (state.opensAt) {
    const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(
      state.opensAt,
    );
    const sameDay = state.opensAt.toDateString() === now.toDateString();
    text = sameDay
      ? t('home.backAt', { time })
      : t('home.backOn', {
          time,
          day: new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(state.opensAt),
        });
  }
  return <p class={state.open ? 'opening open' : 'opening'}>{text}</p>;
}
