import { LIMITS, matchLocale, SUPPORTED_LOCALES } from '@topay-support/protocol';
import type { Command } from 'commander';
import { randomSecret } from '../demo/secrets.js';
import {
  type AssistantOptions,
  AssistantSettingError,
  applyAssistantOptions,
  assistantSettings,
} from '../features/assistant/settings.js';
import { parseContinueUrl } from '../features/email/continue-url.js';
import { isValidOriginPattern } from '../features/merchants/origins.js';
import type { MerchantRecord } from '../storage/merchants.js';
import { recordCliAudit } from './audit.js';
import {
  applyHomeView,
  formatChannel,
  formatHours,
  type HomeViewOptions,
  SettingError,
} from './merchant-settings.js';
import { merchantByKey, UsageError, withMigratedStorage } from './tool-storage.js';

const collect = (value: string, previous: unknown): string[] => [
  ...(Array.isArray(previous) ? (previous as string[]) : []),
  value,
];

function addHomeViewOptions(command: Command): Command {
  return command
    .option('--position <left|right>', 'which corner the launcher sits in')
    .option('--color-scheme <light|dark|auto>', 'light, dark, or follow the visitor’s system (auto)')
    .option(
      '--greeting <locale=text>',
      'home-view greeting for one locale, e.g. en="Hi!"; repeatable; en= removes it',
      collect,
    )
    .option('--logo <https-url>', 'logo shown on the home view (https only)')
    .option('--no-logo', 'remove the logo')
    .option(
      '--hours <"days HH:MM-HH:MM">',
      'opening hours, e.g. "Mon-Fri 09:00-18:00"; repeatable; replaces all hours',
      collect,
    )
    .option('--no-hours', 'no opening hours: agents may answer at any time')
    .option('--time-zone <zone>', 'IANA time zone the hours are in, e.g. Asia/Shanghai')
    .option(
      '--channel <kind[:label]=value>',
      'contact channel (phone, email, wechat, whatsapp, line, url); repeatable; replaces all channels',
      collect,
    )
    .option('--no-channels', 'remove all contact channels');
}

/** Names of the home-view settings the options touch, for the one-line summary. */
function touchedSettings(options: HomeViewOptions): string[] {
  return [
    options.position !== undefined && 'position',
    options.colorScheme !== undefined && 'colour scheme',
    options.greeting && 'greeting',
    options.logo !== undefined && 'logo',
    (options.hours !== undefined || options.timeZone !== undefined) && 'hours',
    (options.channel !== undefined || options.channels === false) && 'contact channels',
  ].filter((name): name is string => typeof name === 'string');
}

/** What `merchant show --json` and `merchant list --json` print: the record without its secret. */
function publicView({ secret: _secret, ...merchant }: MerchantRecord) {
  return merchant;
}

function describeAssistant(merchant: MerchantRecord): string {
  const { mode, name, persona } = assistantSettings(merchant);
  return [mode, JSON.stringify(name), persona ? `persona ${JSON.stringify(persona)}` : undefined]
    .filter(Boolean)
    .join(' · ');
}

function describeMerchant(merchant: MerchantRecord): string {
  const s = merchant.settings;
  const onOff = (value: boolean | undefined) => (value ? 'on' : 'off');
  const greetings = Object.entries(s.greeting ?? {}).map(
    ([locale, text]) => `${locale} ${JSON.stringify(text)}`,
  );
  const rows: Array<[string, string]> = [
    ['key', merchant.key],
    ['name', merchant.name],
    ['locale', merchant.defaultLocale],
    ['origins', merchant.allowedOrigins.join(' ')],
    ['colour', s.color],
    ['position', s.position],
    ['colour scheme', s.colorScheme],
    ['greeting', greetings.length > 0 ? greetings.join(' · ') : '(built-in)'],
    ['logo', s.logoUrl ?? '(none)'],
    ['hours', s.businessHours ? formatHours(s.businessHours) : '(always open)'],
    ['channels', s.contactChannels?.length ? s.contactChannels.map(formatChannel).join(' · ') : '(none)'],
    ['pre-chat form', onOff(s.preChatForm)],
    ['require identity', onOff(s.requireIdentity)],
    ['require 2FA', onOff(s.requireTwoFactor)],
    ['assistant', describeAssistant(merchant)],
    ['continue URL', s.continueUrl ?? '(the demo page)'],
    ['created', merchant.createdAt],
  ];
  return rows.map(([label, value]) => `${`${label}:`.padEnd(18)}${value}`).join('\n');
}

/**
 * `merchant create | list | show | update | rotate-secret` (README "Running a server").
 *
 * @example
 * registerMerchantCommands(program);
 */
export function registerMerchantCommands(program: Command): void {
  /** Runs `work`, turning a bad setting into the CLI's one-line usage error. */
  const settingsOrFail = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (error instanceof SettingError) throw new UsageError(error.message);
      throw error;
    }
  };
  const validName = (raw: string) => {
    const name = raw.trim();
    if (!name || name.length > LIMITS.nameLength)
      throw new UsageError(`--name must be 1–${LIMITS.nameLength} characters`);
    return name;
  };
  const validLocale = (raw: string) => {
    const locale = matchLocale(raw);
    if (!locale)
      throw new UsageError(`--locale must be one of ${SUPPORTED_LOCALES.join(', ')}, got "${raw}"`);
    return locale;
  };
  const validColor = (raw: string) => {
    if (!/^#[0-9a-fA-F]{6}$/.test(raw)) throw new UsageError('--color must look like #1f5fd1');
    return raw.toLowerCase();
  };
  const validOrigins = (origins: string[]) => {
    const bad = origins.find((origin) => !isValidOriginPattern(origin));
    if (bad) throw new UsageError(`--origin "${bad}" is not an origin pattern like https://shop.example`);
    return origins;
  };

  const merchant = program.command('merchant').description('manage merchants');
  addHomeViewOptions(
    merchant
      .command('create')
      .description('create a merchant and print its public key and secret')
      .requiredOption('--name <name>', 'name shown to visitors')
      .requiredOption(
        '--origin <pattern...>',
        'allowed page origins, e.g. https://shop.example https://*.shop.example http://localhost:*',
      )
      .option('--locale <locale>', `default locale (${SUPPORTED_LOCALES.join(', ')})`, 'zh-CN')
      .option('--color <hex>', 'brand colour as #rrggbb', '#1f5fd1'),
  ).action(
    async (options: HomeViewOptions & { name: string; origin: string[]; locale: string; color: string }) => {
      const locale = validLocale(options.locale);
      validOrigins(options.origin);
      const color = validColor(options.color);
      const name = validName(options.name);
      const settings = settingsOrFail(() =>
        applyHomeView({ color, position: 'right', colorScheme: 'auto', greeting: {} }, options),
      );
      const created = await withMigratedStorage((storage) =>
        storage.merchants.create({
          key: `pk_${randomSecret().slice(0, 24)}`,
          secret: `sk_${randomSecret()}`,
          name,
          defaultLocale: locale,
          allowedOrigins: options.origin,
          settings,
        }),
      );
      console.log(
        `merchant key:    ${created.key}\nmerchant secret: ${created.secret}\n(keep the secret on your server: it signs userHash)`,
      );
    },
  );

  merchant
    .command('list')
    .description('list merchants with their keys and allowed origins')
    .option('--json', 'print every merchant with all its settings (not its secret) as JSON')
    .action(async (options: { json?: boolean }) => {
      const merchants = await withMigratedStorage((storage) => storage.merchants.list());
      if (options.json) {
        console.log(JSON.stringify(merchants.map(publicView), null, 2));
        return;
      }
      for (const m of merchants)
        console.log(`${m.key}\t${m.name}\t${m.defaultLocale}\t${m.allowedOrigins.join(' ')}`);
      if (merchants.length === 0)
        console.log('no merchants yet: create one with `topay-support merchant create`');
    });

  merchant
    .command('show <key>')
    .description('print one merchant’s settings: what its widget shows (not its secret)')
    .option('--json', 'print as JSON')
    .action(async (key: string, options: { json?: boolean }) => {
      const found = await withMigratedStorage((storage) => merchantByKey(storage, key));
      console.log(options.json ? JSON.stringify(publicView(found), null, 2) : describeMerchant(found));
    });

  addHomeViewOptions(
    merchant
      .command('update <key>')
      .description(
        "change a merchant's name, origins, locale, colour, or what its widget's home view shows; other settings stay",
      )
      .option('--name <name>', 'name shown to visitors')
      .option('--origin <pattern...>', 'replace the allowed origins')
      .option('--add-origin <pattern...>', 'add allowed origins')
      .option('--locale <locale>', 'default locale')
      .option('--color <hex>', 'brand colour as #rrggbb')
      .option('--pre-chat-form <on|off>', 'ask for name and email before a chat')
      .option('--require-identity <on|off>', 'accept only visitors identified with a valid userHash')
      .option(
        '--require-2fa <on|off>',
        'agents must sign in with a TOTP code (they enrol at their next sign-in)',
      )
      .option(
        '--assistant <mode>',
        'the assistant: off, suggest (drafts for agents) or first (answers visitors)',
      )
      .option(
        '--continue-url <url>',
        'the page (with the widget) that emailed "continue the chat" links open',
      )
      .option('--no-continue-url', "links open this server's demo page again")
      .option('--assistant-name <name>', "the name on the assistant's replies")
      .option('--assistant-persona <text>', 'how the assistant should sound (given to a configured model)')
      .option('--no-assistant-persona', 'remove the persona'),
  ).action(
    async (
      key: string,
      options: HomeViewOptions &
        AssistantOptions & {
          name?: string;
          origin?: string[];
          addOrigin?: string[];
          locale?: string;
          color?: string;
          preChatForm?: string;
          requireIdentity?: string;
          require2fa?: string;
          /** `false` for `--no-continue-url`. */
          continueUrl?: string | false;
        },
    ) => {
      validOrigins([...(options.origin ?? []), ...(options.addOrigin ?? [])]);
      const name = options.name === undefined ? undefined : validName(options.name);
      const locale = options.locale === undefined ? undefined : validLocale(options.locale);
      const color = options.color === undefined ? undefined : validColor(options.color);
      const continueUrl =
        typeof options.continueUrl === 'string' ? parseContinueUrl(options.continueUrl) : options.continueUrl;
      if (continueUrl === undefined && typeof options.continueUrl === 'string')
        throw new UsageError(
          `--continue-url must be an absolute http(s) URL without user:password@ or #fragment, got "${options.continueUrl}"`,
        );
      for (const [flag, value] of [
        ['--pre-chat-form', options.preChatForm],
        ['--require-identity', options.requireIdentity],
        ['--require-2fa', options.require2fa],
      ] as const) {
        if (value !== undefined && value !== 'on' && value !== 'off')
          throw new UsageError(`${flag} must be on or off`);
      }
      const changed = [
        name !== undefined && 'name',
        locale && 'locale',
        (options.origin || options.addOrigin) && 'origins',
        color && 'colour',
        options.preChatForm && 'pre-chat form',
        options.requireIdentity && 'require identity',
        options.require2fa && 'require 2FA',
        options.continueUrl !== undefined && 'continue URL',
        (options.assistant !== undefined ||
          options.assistantName !== undefined ||
          options.assistantPersona !== undefined) &&
          'assistant',
        ...touchedSettings(options),
      ].filter((what): what is string => typeof what === 'string');
      if (changed.length === 0)
        throw new UsageError('nothing to change: name at least one setting (see `merchant update --help`)');

      const updated = await withMigratedStorage(async (storage) => {
        const current = await merchantByKey(storage, key);
        // Every value is checked before anything is written: a bad flag leaves the merchant as it was.
        const settings = settingsOrFail(() => applyHomeView(current.settings, options));
        let assistant: ReturnType<typeof applyAssistantOptions>;
        try {
          assistant = applyAssistantOptions(current.settings.assistant, options);
        } catch (error) {
          if (error instanceof AssistantSettingError) throw new UsageError(error.message);
          throw error;
        }
        if (continueUrl === false) delete settings.continueUrl;
        const result = await storage.merchants.update(current.id, {
          ...(name ? { name } : {}),
          ...(locale ? { defaultLocale: locale } : {}),
          ...(options.origin || options.addOrigin
            ? {
                allowedOrigins: [
                  ...new Set([...(options.origin ?? current.allowedOrigins), ...(options.addOrigin ?? [])]),
                ],
              }
            : {}),
          settings: {
            ...settings,
            ...(color ? { color } : {}),
            ...(options.preChatForm ? { preChatForm: options.preChatForm === 'on' } : {}),
            ...(options.requireIdentity ? { requireIdentity: options.requireIdentity === 'on' } : {}),
            ...(options.require2fa ? { requireTwoFactor: options.require2fa === 'on' } : {}),
            ...(assistant ? { assistant } : {}),
            ...(typeof continueUrl === 'string' ? { continueUrl } : {}),
          },
        });
        await recordCliAudit(storage, {
          merchantId: current.id,
          action: 'merchant.settings_changed',
          target: current.key,
          details: { changed },
        });
        return result;
      });
      console.log(
        `updated ${key} (${changed.join(', ')}): ${updated?.name} · ${updated?.defaultLocale} · ${updated?.allowedOrigins.join(' ')}`,
      );
    },
  );

  merchant
    .command('rotate-secret <key>')
    .description('replace the merchant secret (userHash values computed with the old one stop verifying)')
    .action(async (key: string) => {
      const secret = `sk_${randomSecret()}`;
      await withMigratedStorage(async (storage) => {
        const current = await merchantByKey(storage, key);
        await storage.merchants.update(current.id, { secret });
        await recordCliAudit(storage, {
          merchantId: current.id,
          action: 'merchant.settings_changed',
          target: current.key,
          details: { changed: ['secret'] },
        });
      });
      console.log(`merchant secret: ${secret}`);
    });
}
