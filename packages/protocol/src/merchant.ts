import type { WidgetAssistantConfig } from './assistant.js';
import type { Locale } from './locales.js';

export const WIDGET_POSITIONS = ['right', 'left'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

export const COLOR_SCHEMES = ['light', 'dark', 'auto'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

/**
 * What the widget learns about a merchant from `GET /v1/widget/config`:
 * only what is safe to show to anyone who can read the merchant's page.
 */
export interface WidgetConfig {
  merchant: {
    name: string;
    defaultLocale: Locale;
    /** Brand colour as `#rrggbb`. */
    color: string;
    position: WidgetPosition;
    colorScheme: ColorScheme;
    greeting: Partial<Record<Locale, string>>;
    /** Ask for name and email before a chat starts. */
    preChatForm: boolean;
    /** An `https:` image URL; anything else is dropped by the server and ignored by the widget. */
    logoUrl?: string;
    /** Other ways to reach the merchant, shown on the home view; only channels with a safe link or ID. */
    contactChannels?: ContactChannel[];
    /** When agents answer; the home view shows "open now" or when they are back. */
    businessHours?: BusinessHours;
  };
  /** Whether an agent can answer now; otherwise the widget takes an offline message. */
  availability: { online: boolean };
  assistant: WidgetAssistantConfig;
  protocolVersion: number;
}

/** Opening hours per weekday (0 = Sunday), as `HH:MM` pairs in the merchant's time zone. */
export interface BusinessHours {
  timeZone: string;
  days: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, Array<[open: string, close: string]>>>;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Minutes since midnight of an `HH:MM` time from `BusinessHours`. */
export const minutesOfDay = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The weekday (0 = Sunday) and minute of the day that `at` is in `timeZone`: how opening hours are
 * read, by the server's availability and the widget's "open now" alike. `undefined` for a time zone
 * this runtime does not know.
 */
export function zonedWeekMinute(timeZone: string, at: Date): { day: number; minute: number } | undefined {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
  } catch {
    return undefined;
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(part('weekday'));
  return day < 0 ? undefined : { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

export const CONTACT_CHANNEL_KINDS = ['phone', 'email', 'wechat', 'whatsapp', 'line', 'url'] as const;
export type ContactChannelKind = (typeof CONTACT_CHANNEL_KINDS)[number];

/** A way to reach the merchant besides chat. `label` and `value` are merchant text: shown as text only. */
export interface ContactChannel {
  kind: ContactChannelKind;
  label?: string;
  value: string;
}

const PHONE = /^\+?[0-9][0-9 ()-]{2,30}$/;
const EMAIL = /^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/;

function httpsUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The link a contact channel opens, or `null` for one shown as text (a WeChat or LINE ID), or `undefined`
 * when the channel is unusable and must be dropped. Only `tel:`, `mailto:` and `https:` links come out,
 * whatever the merchant typed, so a `javascript:` value never becomes a link. Server and widget both apply it.
 *
 * @example contactHref({ kind: 'phone', value: '400-820-8820' }) // 'tel:400-820-8820'
 */
export function contactHref(channel: ContactChannel): string | null | undefined {
  const value = typeof channel.value === 'string' ? channel.value.trim() : '';
  if (!value || value.length > 200) return undefined;
  switch (channel.kind) {
    case 'phone':
      return PHONE.test(value) ? `tel:${value.replace(/[ ()]/g, '')}` : undefined;
    case 'email':
      return EMAIL.test(value) ? `mailto:${value}` : undefined;
    case 'whatsapp': {
      // A number becomes a wa.me link; otherwise it must already be an https link.
      const digits = value.replace(/[ ()+-]/g, '');
      return /^[0-9]{6,15}$/.test(digits) ? `https://wa.me/${digits}` : httpsUrl(value);
    }
    case 'url':
      return httpsUrl(value);
    case 'wechat':
    case 'line':
      // An ID to copy, never a link; https links (a LINE add-friend URL) are fine too.
      return /^[a-z]+:/i.test(value) ? (httpsUrl(value) ?? undefined) : null;
    default:
      return undefined;
  }
}

/** `value` when it is an absolute `https:` URL (a merchant logo), else `undefined`. */
export function safeHttpsUrl(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 2048 ? httpsUrl(value) : undefined;
}
