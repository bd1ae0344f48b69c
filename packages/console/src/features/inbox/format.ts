import type { Conversation, Locale } from '@topay-support/protocol';
import type { Translate } from '../locale/model.js';

/**
 * The visitor's name, else email, else "Visitor #a1b2c3". The tail of the id, not its head: ids that
 * start with a timestamp would otherwise look alike.
 */
export function visitorLabel(visitor: Conversation['visitor'], t: Translate): string {
  const name = visitor.name?.trim() || visitor.email?.trim();
  return name || t('visitor.anonymous', { id: visitor.id.slice(-6).toUpperCase() });
}

/** "3 min", "1 hr": Intl supplies the words and plurals, so the catalogue needs no plural keys. */
export function formatDuration(ms: number, locale: Locale): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, 'minute'] : [Math.floor(minutes / 60), 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

export function formatTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(iso));
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(new Date(iso));
}
