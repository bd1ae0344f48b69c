import { COLOR_SCHEMES, LIMITS, type Locale, matchLocale, WIDGET_POSITIONS } from '@topay-support/protocol';
import type { AttributeValue, Identity, InitOptions } from './types.js';

/** Thrown by validators and turned into an `invalid_argument` error event by the dispatcher. */
export class InvalidArgument extends Error {}

const INIT_KEYS = new Set([
  'merchantKey',
  'serverUrl',
  'locale',
  'hideLauncher',
  'container',
  'position',
  'colorScheme',
  'nonce',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown, name: string, max = 500): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new InvalidArgument(`${name} must be a non-empty string`);
  if (value.length > max) throw new InvalidArgument(`${name} must be at most ${max} characters`);
  return value.trim();
}

function optional<T>(value: unknown, parse: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

export function parseLocale(value: unknown): Locale {
  const locale = typeof value === 'string' ? matchLocale(value) : undefined;
  if (!locale) throw new InvalidArgument(`locale must be one of zh-CN, en; got ${JSON.stringify(value)}`);
  return locale;
}

function oneOf<T extends string>(allowed: readonly T[], name: string) {
  return (value: unknown): T => {
    if (!allowed.includes(value as T))
      throw new InvalidArgument(`${name} must be one of ${allowed.join(', ')}`);
    return value as T;
  };
}

export function parseInitOptions(
  value: unknown,
  defaultServerUrl: string,
): InitOptions & { serverUrl: string } {
  if (!isRecord(value)) throw new InvalidArgument('init expects an options object: { merchantKey }');
  for (const key of Object.keys(value)) {
    if (!INIT_KEYS.has(key)) throw new InvalidArgument(`init: unknown option "${key}"`);
  }
  const serverUrl = optional(value.serverUrl, (v) => {
    try {
      const url = new URL(nonEmptyString(v, 'serverUrl'));
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
      return url.origin;
    } catch {
      throw new InvalidArgument('serverUrl must be an absolute http(s) URL');
    }
  });
  const container = optional(value.container, (v) => {
    if (typeof HTMLElement === 'undefined' || !(v instanceof HTMLElement)) {
      throw new InvalidArgument('container must be an HTMLElement');
    }
    return v;
  });
  const bool = (name: string) => (v: unknown) => {
    if (typeof v !== 'boolean') throw new InvalidArgument(`${name} must be true or false`);
    return v;
  };
  const options: InitOptions & { serverUrl: string } = {
    merchantKey: nonEmptyString(value.merchantKey, 'merchantKey', 100),
    serverUrl: serverUrl ?? defaultServerUrl,
  };
  const locale = optional(value.locale, parseLocale);
  const hideLauncher = optional(value.hideLauncher, bool('hideLauncher'));
  const position = optional(value.position, oneOf(WIDGET_POSITIONS, 'position'));
  const colorScheme = optional(value.colorScheme, oneOf(COLOR_SCHEMES, 'colorScheme'));
  const nonce = optional(value.nonce, (v) => nonEmptyString(v, 'nonce', 200));
  if (locale) options.locale = locale;
  if (hideLauncher !== undefined) options.hideLauncher = hideLauncher;
  if (container) options.container = container;
  if (position) options.position = position;
  if (colorScheme) options.colorScheme = colorScheme;
  if (nonce) options.nonce = nonce;
  return options;
}

export function parseIdentity(value: unknown): Identity {
  if (!isRecord(value)) throw new InvalidArgument('identify expects { userId, userHash, name?, email? }');
  const userHash = nonEmptyString(value.userHash, 'userHash', 64);
  if (!/^[0-9a-f]{64}$/.test(userHash)) {
    throw new InvalidArgument('userHash must be the lowercase hex HMAC-SHA256 of userId (64 characters)');
  }
  const identity: Identity = { userId: nonEmptyString(value.userId, 'userId', 200), userHash };
  const name = optional(value.name, (v) => nonEmptyString(v, 'name', LIMITS.nameLength));
  const email = optional(value.email, (v) => {
    const email = nonEmptyString(v, 'email', LIMITS.emailLength);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new InvalidArgument('email must be an email address');
    return email;
  });
  if (name) identity.name = name;
  if (email) identity.email = email;
  return identity;
}

export function parseAttributes(value: unknown): Record<string, AttributeValue> {
  if (!isRecord(value)) throw new InvalidArgument('setAttributes expects a plain object');
  const entries = Object.entries(value);
  if (entries.length > 50) throw new InvalidArgument('setAttributes accepts at most 50 attributes');
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, item] of entries) {
    if (key.length > 100) throw new InvalidArgument('attribute names must be at most 100 characters');
    const ok =
      item === null ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)) ||
      (typeof item === 'string' && item.length <= 1000);
    if (!ok)
      throw new InvalidArgument(
        `attribute "${key}" must be a string (≤ 1000), finite number, boolean or null`,
      );
    attributes[key] = item as AttributeValue;
  }
  return attributes;
}

export function parseOptionalText(value: unknown, name: string, max: number): string | undefined {
  return optional(value, (v) => nonEmptyString(v, name, max));
}

export function parseRequiredText(value: unknown, name: string, max: number): string {
  return nonEmptyString(value, name, max);
}
