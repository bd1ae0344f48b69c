import {
  type BusinessHours,
  COLOR_SCHEMES,
  CONTACT_CHANNEL_KINDS,
  type ColorScheme,
  type ContactChannel,
  type ContactChannelKind,
  contactHref,
  type Locale,
  SUPPORTED_LOCALES,
  safeHttpsUrl,
  WIDGET_POSITIONS,
  type WidgetPosition,
} from '@topay-support/protocol';
import type { MerchantSettings } from '../storage/merchants.js';

/**
 * Parsing and printing of the widget home-view settings an operator sets with `merchant update`
 * (theme, greeting, logo, opening hours, contact channels). Everything is checked the way the server's
 * `publicExtras` and the widget check it, so a value the CLI accepts is one visitors actually see.
 */

/** A value the operator typed that cannot be used; the message names the flag and says why. */
export class SettingError extends Error {}

type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
type Days = BusinessHours['days'];

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const FULL_WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** Characters in one greeting; the home view shows it as a heading. */
export const GREETING_MAX_LENGTH = 200;
/** Channels visitors are shown at most (`publicExtras` keeps the first eight). */
export const MAX_CONTACT_CHANNELS = 8;
/** Characters in a channel label (longer ones are dropped by `publicExtras`). */
export const CHANNEL_LABEL_MAX_LENGTH = 80;

/** `a, b or c` */
const oneOf = (values: readonly string[]) => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

export function parsePosition(value: string): WidgetPosition {
  const position = WIDGET_POSITIONS.find((p) => p === value.trim().toLowerCase());
  if (!position) throw new SettingError(`--position must be ${oneOf(WIDGET_POSITIONS)}, got "${value}"`);
  return position;
}

export function parseColorScheme(value: string): ColorScheme {
  const scheme = COLOR_SCHEMES.find((s) => s === value.trim().toLowerCase());
  if (!scheme) throw new SettingError(`--color-scheme must be ${oneOf(COLOR_SCHEMES)}, got "${value}"`);
  return scheme;
}

/** A supported locale named exactly (any case): `zh-CN`, `en`, `zh-TW`, `ar`. */
export function parseLocaleName(flag: string, value: string): Locale {
  const locale = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === value.trim().toLowerCase());
  if (!locale)
    throw new SettingError(`${flag}: unknown locale "${value}"; use one of ${SUPPORTED_LOCALES.join(', ')}`);
  return locale;
}

/**
 * `--greeting <locale>=<text>` values applied over `current`: an empty text removes that locale's greeting
 * (the widget then shows its built-in one).
 *
 * @example applyGreetings({ en: 'Hi' }, ['zh-CN=你好', 'en=']) // { 'zh-CN': '你好' }
 */
export function applyGreetings(
  current: Partial<Record<Locale, string>>,
  values: string[],
): Partial<Record<Locale, string>> {
  const next = { ...current };
  for (const value of values) {
    const at = value.indexOf('=');
    if (at < 0) throw new SettingError(`--greeting must look like en="Hi! How can we help?", got "${value}"`);
    const locale = parseLocaleName('--greeting', value.slice(0, at));
    const text = value.slice(at + 1).trim();
    if (text.length > GREETING_MAX_LENGTH)
      throw new SettingError(`--greeting ${locale}: at most ${GREETING_MAX_LENGTH} characters`);
    if (text) next[locale] = text;
    else delete next[locale];
  }
  return next;
}

/** `--logo`: an absolute `https:` URL without credentials, as visitors will get it. */
export function parseLogoUrl(value: string): string {
  const url = safeHttpsUrl(value.trim());
  if (!url)
    throw new SettingError(
      `--logo must be an absolute https:// URL (at most 2048 characters, no user:password@); the widget never loads anything else, got "${value}"`,
    );
  return url;
}

/** A canonical IANA time zone name (`asia/shanghai` → `Asia/Shanghai`), checked against this Node's Intl. */
export function parseTimeZone(value: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new SettingError(`--time-zone "${value}" is not a time zone; use an IANA name like Asia/Shanghai`);
  }
}

function parseDay(spec: string, name: string): Weekday {
  const lower = name.toLowerCase();
  const index = FULL_WEEKDAY_NAMES.findIndex((full) => full === lower || full.slice(0, 3) === lower);
  if (index < 0)
    throw new SettingError(
      `--hours "${spec}": "${name}" is not a weekday; use Sun, Mon, Tue, Wed, Thu, Fri, Sat`,
    );
  return index as Weekday;
}

/** `Mon-Fri`, `Sat`, `Mon,Wed,Fri`, `Fri-Mon` (a range may wrap past Sunday). */
function parseDays(spec: string, text: string): Weekday[] {
  const days: Weekday[] = [];
  for (const part of text.split(',')) {
    const [from, to, extra] = part.split('-');
    if (!from || extra !== undefined || to === '')
      throw new SettingError(`--hours "${spec}": "${part}" is not a weekday or a range like Mon-Fri`);
    const first = parseDay(spec, from);
    const last = to === undefined ? first : parseDay(spec, to);
    for (let day = first; ; day = ((day + 1) % 7) as Weekday) {
      if (!days.includes(day)) days.push(day);
      if (day === last) break;
    }
  }
  return days;
}

/** `9:00` → `09:00`; `24:00` is the end of the day and may only close a range. */
function parseTime(spec: string, text: string): string {
  const match = /^([0-9]{1,2}):([0-9]{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0))
    throw new SettingError(`--hours "${spec}": "${text}" is not a time between 00:00 and 24:00 (HH:MM)`);
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/**
 * `--hours` values (`"<days> HH:MM-HH:MM[,HH:MM-HH:MM]"`, repeatable) as `BusinessHours['days']`. Days not
 * named are closed. Ranges on one day may not overlap, and each must open before it closes (a shift past
 * midnight is two ranges: `"Fri 20:00-24:00" "Sat 00:00-02:00"`).
 *
 * @example parseHours(['Mon-Fri 09:00-18:00', 'Sat 10:00-14:00']) // { 1: [['09:00','18:00']], …, 6: [['10:00','14:00']] }
 */
export function parseHours(specs: string[]): Days {
  const days: Record<number, Array<[string, string]>> = {};
  for (const spec of specs) {
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(spec);
    if (!match)
      throw new SettingError(
        `--hours must look like "Mon-Fri 09:00-18:00" or "Sat 10:00-12:00,13:00-16:00", got "${spec}"`,
      );
    const [, dayText = '', rangeText = ''] = match;
    const weekdays = parseDays(spec, dayText);
    const ranges = rangeText.split(',').map((range): [string, string] => {
      const [open, close, extra] = range.split('-');
      if (open === undefined || close === undefined || extra !== undefined)
        throw new SettingError(`--hours "${spec}": "${range}" is not a range like 09:00-18:00`);
      const from = parseTime(spec, open);
      const to = parseTime(spec, close);
      if (from === '24:00' || from >= to)
        throw new SettingError(
          `--hours "${spec}": ${range} closes before it opens (use two ranges for a shift past midnight)`,
        );
      return [from, to];
    });
    for (const day of weekdays) {
      const list = [...(days[day] ?? []), ...ranges].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (let i = 1; i < list.length; i++) {
        const [previousOpen, previousClose] = list[i - 1]!;
        const [open, close] = list[i]!;
        if (open < previousClose)
          throw new SettingError(
            `--hours: ${WEEKDAY_NAMES[day]} ${previousOpen}-${previousClose} and ${open}-${close} overlap`,
          );
      }
      days[day] = list;
    }
  }
  return days as Days;
}

/** Opening hours the way `--hours` takes them, Monday first: `Mon-Fri 09:00-18:00; Sat 10:00-14:00`. */
export function formatHours(hours: BusinessHours): string {
  const order: Weekday[] = [1, 2, 3, 4, 5, 6, 0];
  const text = (day: Weekday) => (hours.days[day] ?? []).map(([open, close]) => `${open}-${close}`).join(',');
  const groups: Array<{ first: Weekday; last: Weekday; ranges: string }> = [];
  for (const day of order) {
    const ranges = text(day);
    const group = groups.at(-1);
    if (ranges && group && group.ranges === ranges && order.indexOf(group.last) === order.indexOf(day) - 1)
      group.last = day;
    else if (ranges) groups.push({ first: day, last: day, ranges });
  }
  const name = (day: Weekday) => WEEKDAY_NAMES[day];
  const days = groups.map(({ first, last, ranges }) =>
    first === last ? `${name(first)} ${ranges}` : `${name(first)}-${name(last)} ${ranges}`,
  );
  return `${days.length > 0 ? days.join('; ') : 'closed every day'} (${hours.timeZone})`;
}

const CHANNEL_RULES: Record<ContactChannelKind, string> = {
  phone: 'a phone number: digits, spaces, ( ) and -, with an optional leading +',
  email: 'an email address like help@shop.example',
  whatsapp: 'a phone number of 6–15 digits or an https:// link',
  url: 'an https:// link without user:password@',
  wechat: 'an ID shown as text, or an https:// link',
  line: 'an ID shown as text, or an https:// link',
};

/**
 * One `--channel <kind>[:<label>]=<value>`, accepted only when `contactHref` (which server and widget both
 * apply) keeps it; the error says what the kind needs.
 *
 * @example parseChannel('url:Order help=https://shop.example/help') // { kind: 'url', label: 'Order help', value: … }
 */
export function parseChannel(spec: string): ContactChannel {
  const at = spec.indexOf('=');
  const head = at < 0 ? '' : spec.slice(0, at);
  const colon = head.indexOf(':');
  const kind = (colon < 0 ? head : head.slice(0, colon)).trim().toLowerCase();
  const label = colon < 0 ? undefined : head.slice(colon + 1).trim();
  const value = spec.slice(at + 1).trim();
  if (at < 0 || !kind)
    throw new SettingError(
      `--channel must look like phone=400-820-8820 or "url:Order help=https://…", got "${spec}"`,
    );
  const known = CONTACT_CHANNEL_KINDS.find((k) => k === kind);
  if (!known)
    throw new SettingError(
      `--channel "${spec}": unknown kind "${kind}"; use one of ${CONTACT_CHANNEL_KINDS.join(', ')}`,
    );
  if (label !== undefined && (!label || label.length > CHANNEL_LABEL_MAX_LENGTH))
    throw new SettingError(`--channel "${spec}": the label must be 1–${CHANNEL_LABEL_MAX_LENGTH} characters`);
  if (!value) throw new SettingError(`--channel "${spec}": the ${known} value is empty`);
  if (value.length > 200)
    throw new SettingError(`--channel "${spec}": the value must be at most 200 characters`);
  const channel: ContactChannel = { kind: known, value, ...(label ? { label } : {}) };
  if (contactHref(channel) === undefined)
    throw new SettingError(
      `--channel "${spec}": ${known === 'email' ? 'an' : 'a'} ${known} channel must be ${CHANNEL_RULES[known]}; the widget would drop this one`,
    );
  return channel;
}

export function parseChannels(specs: string[]): ContactChannel[] {
  if (specs.length > MAX_CONTACT_CHANNELS)
    throw new SettingError(`at most ${MAX_CONTACT_CHANNELS} --channel values (the widget shows no more)`);
  return specs.map(parseChannel);
}

/** `phone 400-820-8820`, `url "Order help" https://…`: one channel as `merchant show` prints it. */
export function formatChannel(channel: ContactChannel): string {
  return [channel.kind, channel.label ? JSON.stringify(channel.label) : undefined, channel.value]
    .filter(Boolean)
    .join(' ');
}

/** The widget home-view flags shared by `merchant create` and `merchant update`. */
export interface HomeViewOptions {
  position?: string;
  colorScheme?: string;
  greeting?: string[];
  /** `false` for `--no-logo`. */
  logo?: string | false;
  /** `false` for `--no-hours`. */
  hours?: string[] | false;
  timeZone?: string;
  channel?: string[];
  /** `false` for `--no-channels`. */
  channels?: boolean;
}

/** Merchant settings with the home-view flags applied; throws {@link SettingError} for any bad value. */
export function applyHomeView(current: MerchantSettings, options: HomeViewOptions): MerchantSettings {
  const next: MerchantSettings = { ...current };
  if (options.position !== undefined) next.position = parsePosition(options.position);
  if (options.colorScheme !== undefined) next.colorScheme = parseColorScheme(options.colorScheme);
  if (options.greeting) next.greeting = applyGreetings(current.greeting ?? {}, options.greeting);
  if (options.logo === false) delete next.logoUrl;
  else if (options.logo !== undefined) next.logoUrl = parseLogoUrl(options.logo);

  const timeZone = options.timeZone === undefined ? undefined : parseTimeZone(options.timeZone);
  if (options.hours === false) {
    if (timeZone) throw new SettingError('--time-zone goes with --hours, not with --no-hours');
    delete next.businessHours;
  } else if (options.hours) {
    const zone = timeZone ?? current.businessHours?.timeZone;
    if (!zone) throw new SettingError('--hours needs --time-zone, e.g. --time-zone Asia/Shanghai');
    next.businessHours = { timeZone: zone, days: parseHours(options.hours) };
  } else if (timeZone) {
    if (!current.businessHours)
      throw new SettingError('--time-zone needs --hours: this merchant has no opening hours yet');
    next.businessHours = { ...current.businessHours, timeZone };
  }

  if (options.channel && options.channels === false)
    throw new SettingError('use either --channel or --no-channels, not both');
  if (options.channels === false) delete next.contactChannels;
  else if (options.channel) next.contactChannels = parseChannels(options.channel);
  return next;
}
