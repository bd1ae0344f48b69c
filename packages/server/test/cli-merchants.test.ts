import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WidgetConfig } from '@topay-support/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyHomeView,
  formatHours,
  type HomeViewOptions,
  parseHours,
  SettingError,
} from '../src/cli/merchant-settings.js';
import { publicExtras } from '../src/features/widget/routes.js';
import type { MerchantRecord, MerchantSettings } from '../src/storage/merchants.js';
import { CLI, type CliRun, runCli } from './processes.js';

// `merchant create | update | show | list` as operators run them: the built CLI in its own process,
// against real SQLite under a temporary DATA_DIR (like cli.test.ts).
const dataDir = mkdtempSync(path.join(tmpdir(), 'topay-cli-merchants-'));

function run(args: string[]): Promise<CliRun> {
  return runCli(args, { DATA_DIR: dataDir });
}

type ShownMerchant = Omit<MerchantRecord, 'secret'>;

async function show(key: string): Promise<ShownMerchant> {
  const result = await run(['merchant', 'show', key, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ShownMerchant;
}

async function createMerchant(name: string, ...extra: string[]): Promise<string> {
  const created = await run([
    'merchant',
    'create',
    '--name',
    name,
    '--origin',
    'https://shop.example',
    ...extra,
  ]);
  expect(created.stderr).toBe('');
  return /merchant key:\s+(pk_\S+)/.exec(created.stdout)![1]!;
}

/** The widget config a real `serve` process gives visitors of `key`. */
async function widgetConfig(key: string): Promise<WidgetConfig> {
  const server = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      TOKEN_SECRET: 'z'.repeat(32),
      LOG_LEVEL: 'info',
    },
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${seen}`)), 15_000);
      server.stdout.on('data', (chunk) => {
        seen += chunk;
        const match = /"url":"(http:\/\/[^"]+)"/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const response = await fetch(`${url}/v1/widget/config?merchantKey=${key}`, {
      headers: { origin: 'https://shop.example' },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as WidgetConfig;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('close', resolve));
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('merchant update: what the widget home view shows', () => {
  it('sets theme, greeting, logo, opening hours and contact channels, and visitors get them', async () => {
    const key = await createMerchant('Home Shop', '--locale', 'en');
    const updated = await run([
      'merchant',
      'update',
      key,
      '--position',
      'left',
      '--color-scheme',
      'dark',
      '--greeting',
      'en=Hi! How can we help?',
      '--greeting',
      'zh-CN=你好！',
      '--logo',
      'https://cdn.shop.example/logo.png',
      '--hours',
      'Mon-Fri 09:00-18:00',
      '--hours',
      'Sat 10:00-12:00,13:00-16:00',
      '--time-zone',
      'asia/shanghai',
      '--channel',
      'phone=400-820-8820',
      '--channel',
      'email=help@shop.example',
      '--channel',
      'url:Order help=https://shop.example/help',
      '--channel',
      'wechat=ShopCS',
    ]);
    expect(updated.stderr).toBe('');
    expect(updated.code).toBe(0);
    expect(updated.stdout.trim().split('\n')).toEqual([
      `updated ${key} (position, colour scheme, greeting, logo, hours, contact channels): Home Shop · en · https://shop.example`,
    ]);

    const weekday: Array<[string, string]> = [['09:00', '18:00']];
    const expected = {
      position: 'left',
      colorScheme: 'dark',
      greeting: { en: 'Hi! How can we help?', 'zh-CN': '你好！' },
      logoUrl: 'https://cdn.shop.example/logo.png',
      businessHours: {
        timeZone: 'Asia/Shanghai',
        days: {
          1: weekday,
          2: weekday,
          3: weekday,
          4: weekday,
          5: weekday,
          6: [
            ['10:00', '12:00'],
            ['13:00', '16:00'],
          ],
        },
      },
      contactChannels: [
        { kind: 'phone', value: '400-820-8820' },
        { kind: 'email', value: 'help@shop.example' },
        { kind: 'url', label: 'Order help', value: 'https://shop.example/help' },
        { kind: 'wechat', value: 'ShopCS' },
      ],
    };
    const shown = await show(key);
    expect(shown.settings).toEqual({ color: '#1f5fd1', ...expected });
    expect(shown).not.toHaveProperty('secret');
    const listed = JSON.parse((await run(['merchant', 'list', '--json'])).stdout) as ShownMerchant[];
    expect(listed.find((m) => m.key === key)?.settings).toEqual(shown.settings);

    const text = (await run(['merchant', 'show', key])).stdout;
    expect(text).toMatch(/^hours: +Mon-Fri 09:00-18:00; Sat 10:00-12:00,13:00-16:00 \(Asia\/Shanghai\)$/m);
    expect(text).toMatch(
      /^channels: +phone 400-820-8820 · email help@shop\.example · url "Order help" https:\/\/shop\.example\/help · wechat ShopCS$/m,
    );

    // The production server hands exactly these to the widget.
    const config = await widgetConfig(key);
    expect(config.merchant).toEqual({
      name: 'Home Shop',
      defaultLocale: 'en',
      color: '#1f5fd1',
      preChatForm: false,
      ...expected,
    });
  }, 60_000);

  it('clears and changes one setting at a time, keeping the rest', async () => {
    const key = await createMerchant(
      'Clear Shop',
      '--greeting',
      'en=Hello',
      '--greeting',
      'ar=مرحبا',
      '--logo',
      'https://cdn.shop.example/a.png',
      '--hours',
      'Sat-Sun 10:00-16:00',
      '--time-zone',
      'UTC',
      '--channel',
      'line=https://line.me/R/ti/p/@shop',
    );
    expect((await show(key)).settings.businessHours?.days).toEqual({
      0: [['10:00', '16:00']],
      6: [['10:00', '16:00']],
    });

    const changed = await run([
      'merchant',
      'update',
      key,
      '--greeting',
      'en=',
      '--no-logo',
      '--time-zone',
      'Europe/Berlin',
      '--no-channels',
    ]);
    expect(changed.code).toBe(0);
    let settings = (await show(key)).settings;
    expect(settings.greeting).toEqual({ ar: 'مرحبا' });
    expect(settings).not.toHaveProperty('logoUrl');
    expect(settings).not.toHaveProperty('contactChannels');
    expect(settings.businessHours).toEqual({
      timeZone: 'Europe/Berlin',
      days: { 0: [['10:00', '16:00']], 6: [['10:00', '16:00']] },
    });

    // New hours keep the zone; --no-hours means always open.
    await run(['merchant', 'update', key, '--hours', 'Mon 9:00-17:30']);
    settings = (await show(key)).settings;
    expect(settings.businessHours).toEqual({ timeZone: 'Europe/Berlin', days: { 1: [['09:00', '17:30']] } });
    expect((await run(['merchant', 'update', key, '--no-hours'])).code).toBe(0);
    settings = (await show(key)).settings;
    expect(settings).not.toHaveProperty('businessHours');
    expect((await run(['merchant', 'show', key])).stdout).toMatch(/^hours: +\(always open\)$/m);
    expect(settings).toMatchObject({ position: 'right', colorScheme: 'auto', greeting: { ar: 'مرحبا' } });

    // Where emailed "continue the chat" links open (docs/email.md).
    expect((await run(['merchant', 'update', key, '--continue-url', 'https://shop.example/help'])).code).toBe(
      0,
    );
    expect((await show(key)).settings.continueUrl).toBe('https://shop.example/help');
    const bad = await run(['merchant', 'update', key, '--continue-url', 'javascript:alert(1)']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--continue-url must be an absolute http(s) URL');
    expect((await run(['merchant', 'update', key, '--no-continue-url'])).code).toBe(0);
    expect((await show(key)).settings).not.toHaveProperty('continueUrl');
  }, 60_000);

  it('refuses bad values with one clear line and leaves the merchant unchanged', async () => {
    const key = await createMerchant(
      'Strict Shop',
      '--hours',
      'Mon-Fri 09:00-18:00',
      '--time-zone',
      'Asia/Shanghai',
      '--channel',
      'phone=400-820-8820',
      '--logo',
      'https://cdn.shop.example/logo.png',
    );
    const before = await show(key);
    // One of each kind through the real CLI; every rule is checked in-process below.
    const cases: Array<[string[], RegExp]> = [
      [
        ['--hours', 'Mon 25:00-26:00'],
        /--hours "Mon 25:00-26:00": "25:00" is not a time between 00:00 and 24:00/,
      ],
      [['--hours', 'Mon 18:00-09:00'], /18:00-09:00 closes before it opens/],
      [['--hours', 'Mon 09:00-10:00', '--time-zone', 'Mars/Olympus'], /"Mars\/Olympus" is not a time zone/],
      [['--logo', 'http://cdn.shop.example/logo.png'], /--logo must be an absolute https:\/\/ URL/],
      [
        ['--position', 'left', '--channel', 'url=javascript:alert(1)'],
        /a url channel must be an https:\/\/ link.*widget would drop/,
      ],
      [['--greeting', 'fr=Bonjour'], /--greeting: unknown locale "fr"; use one of zh-CN, en, zh-TW, ar/],
      [['--color-scheme', 'blue'], /--color-scheme must be light, dark or auto/],
      [[], /nothing to change/],
    ];
    // A few processes at a time: each is a separate CLI run against the same database.
    const results: CliRun[] = [];
    for (let i = 0; i < cases.length; i += 6)
      results.push(
        ...(await Promise.all(
          cases.slice(i, i + 6).map(([args]) => run(['merchant', 'update', key, ...args])),
        )),
      );
    for (const [index, [args, message]] of cases.entries()) {
      const result = results[index]!;
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect(result.stderr).toMatch(/^topay-support: /);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(await show(key)).toEqual(before);

    // A new merchant's hours need a zone; an unknown merchant is named.
    const noZone = await run([
      'merchant',
      'create',
      '--name',
      'X',
      '--origin',
      'https://x.example',
      '--hours',
      'Mon 09:00-10:00',
    ]);
    expect(noZone.stderr.trim()).toBe(
      'topay-support: --hours needs --time-zone, e.g. --time-zone Asia/Shanghai',
    );
    expect((await run(['merchant', 'update', 'pk_nope', '--position', 'left'])).stderr.trim()).toBe(
      'topay-support: no merchant with key pk_nope',
    );
    expect((await run(['merchant', 'show', 'pk_nope'])).code).toBe(1);
  }, 60_000);
});

describe('merchant update: the assistant', () => {
  it('turns it on with a name and persona, shows it, tells visitors, and refuses a bad mode', async () => {
    const key = await createMerchant('Assisted Shop', '--locale', 'en');
    const updated = await run([
      'merchant',
      'update',
      key,
      '--assistant',
      'first',
      '--assistant-name',
      'Shop Helper',
      '--assistant-persona',
      'Warm and brief.',
    ]);
    expect(updated.stderr).toBe('');
    expect(updated.stdout).toContain(`updated ${key} (assistant)`);
    expect((await show(key)).settings.assistant).toEqual({
      mode: 'first',
      name: 'Shop Helper',
      persona: 'Warm and brief.',
    });
    const text = await run(['merchant', 'show', key]);
    expect(text.stdout).toMatch(/assistant:\s+first · "Shop Helper" · persona "Warm and brief\."/);
    expect((await widgetConfig(key)).assistant).toEqual({ enabled: true, name: 'Shop Helper' });

    // Other flags keep the rest; a bad mode changes nothing and says why in one line.
    await run(['merchant', 'update', key, '--assistant', 'suggest', '--no-assistant-persona']);
    expect((await show(key)).settings.assistant).toEqual({ mode: 'suggest', name: 'Shop Helper' });
    const bad = await run(['merchant', 'update', key, '--assistant', 'always']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'topay-support: --assistant must be one of off, suggest, first, got "always"',
    );
    expect((await show(key)).settings.assistant?.mode).toBe('suggest');
  }, 60_000);
});

describe('home-view settings', () => {
  const current: MerchantSettings = {
    color: '#1f5fd1',
    position: 'right',
    colorScheme: 'auto',
    greeting: {},
    businessHours: { timeZone: 'Asia/Shanghai', days: { 1: [['09:00', '18:00']] } },
  };

  it.each<[HomeViewOptions, RegExp]>([
    [
      { hours: ['Mon 25:00-26:00'] },
      /--hours "Mon 25:00-26:00": "25:00" is not a time between 00:00 and 24:00/,
    ],
    [{ hours: ['Mon 09:60-10:00'] }, /"09:60" is not a time/],
    [{ hours: ['Mon 24:30-24:45'] }, /"24:30" is not a time/],
    [{ hours: ['Mon 9-17'] }, /"9" is not a time/],
    [{ hours: ['Mon 18:00-09:00'] }, /18:00-09:00 closes before it opens \(use two ranges/],
    [{ hours: ['Mon 09:00-09:00'] }, /closes before it opens/],
    [{ hours: ['Mon 24:00-24:00'] }, /closes before it opens/],
    [{ hours: ['Mon 09:00-12:00,11:00-13:00'] }, /Mon 09:00-12:00 and 11:00-13:00 overlap/],
    [{ hours: ['Mon-Fri 09:00-12:00', 'Wed 11:00-13:00'] }, /Wed 09:00-12:00 and 11:00-13:00 overlap/],
    [{ hours: ['Funday 09:00-10:00'] }, /"Funday" is not a weekday; use Sun, Mon/],
    [{ hours: ['Mon--Fri 09:00-10:00'] }, /"Mon--Fri" is not a weekday or a range/],
    [{ hours: ['Mon-'] }, /--hours must look like "Mon-Fri 09:00-18:00"/],
    [{ hours: ['always'] }, /--hours must look like/],
    [{ hours: ['Mon 09:00-10:00-11:00'] }, /is not a range like 09:00-18:00/],
    [{ timeZone: 'Mars/Olympus' }, /--time-zone "Mars\/Olympus" is not a time zone/],
    [{ timeZone: '' }, /is not a time zone/],
    [{ hours: false, timeZone: 'UTC' }, /--time-zone goes with --hours/],
    [{ logo: 'http://cdn.shop.example/logo.png' }, /--logo must be an absolute https:\/\/ URL/],
    [{ logo: 'https://user:pw@cdn.shop.example/logo.png' }, /--logo must be an absolute https/],
    [{ logo: 'logo.png' }, /--logo must be an absolute https/],
    [{ channel: ['url=javascript:alert(1)'] }, /a url channel must be an https:\/\/ link.*widget would drop/],
    [{ channel: ['url=http://shop.example/help'] }, /a url channel must be an https:\/\/ link/],
    [{ channel: ['wechat=javascript:alert(1)'] }, /a wechat channel must be an ID shown as text/],
    [{ channel: ['line=http://line.me/x'] }, /a line channel must be an ID shown as text, or an https/],
    [{ channel: ['phone=call us'] }, /a phone channel must be a phone number/],
    [{ channel: ['email=help at shop'] }, /an email channel must be an email address/],
    [{ channel: ['whatsapp=123'] }, /a whatsapp channel must be a phone number of 6–15 digits/],
    [{ channel: ['fax=123'] }, /unknown kind "fax"; use one of phone, email, wechat, whatsapp, line, url/],
    [{ channel: ['400-820-8820'] }, /--channel must look like/],
    [{ channel: ['phone='] }, /the phone value is empty/],
    [{ channel: [`url:${'l'.repeat(81)}=https://a.example`] }, /the label must be 1–80 characters/],
    [{ channel: [`url=https://a.example/${'p'.repeat(200)}`] }, /at most 200 characters/],
    [{ channel: ['phone=400-820-8820'], channels: false }, /either --channel or --no-channels/],
    [{ channel: Array(9).fill('phone=400-820-8820') }, /at most 8 --channel values/],
    [{ greeting: ['fr=Bonjour'] }, /--greeting: unknown locale "fr"; use one of zh-CN, en, zh-TW, ar/],
    [{ greeting: ['Hello'] }, /--greeting must look like/],
    [{ greeting: [`en=${'x'.repeat(201)}`] }, /--greeting en: at most 200 characters/],
    [{ position: 'top' }, /--position must be right or left, got "top"/],
    [{ colorScheme: 'blue' }, /--color-scheme must be light, dark or auto/],
  ])('refuses %j', (options, message) => {
    expect(() => applyHomeView(current, options)).toThrow(SettingError);
    expect(() => applyHomeView(current, options)).toThrow(message);
  });

  it('needs a time zone for the first hours, and hours for a time zone alone', () => {
    const { businessHours: _, ...alwaysOpen } = current;
    expect(() => applyHomeView(alwaysOpen, { hours: ['Mon 09:00-10:00'] })).toThrow(
      /--hours needs --time-zone/,
    );
    expect(() => applyHomeView(alwaysOpen, { timeZone: 'UTC' })).toThrow(/--time-zone needs --hours/);
    expect(applyHomeView(alwaysOpen, { hours: ['Mon 09:00-10:00'], timeZone: 'utc' }).businessHours).toEqual({
      timeZone: 'UTC',
      days: { 1: [['09:00', '10:00']] },
    });
  });

  it('accepts what the widget shows: WhatsApp numbers and links, LINE links, WeChat IDs, labels', () => {
    const { contactChannels } = applyHomeView(current, {
      channel: [
        'whatsapp=+86 138 0013 8000',
        'whatsapp=https://wa.me/message/ABC',
        'line:LINE=https://line.me/R/ti/p/@shop',
        'WeChat: 微信客服 = Shop_CS ',
        'phone=+1 (555) 010-0000',
      ],
    });
    expect(contactChannels).toEqual([
      { kind: 'whatsapp', value: '+86 138 0013 8000' },
      { kind: 'whatsapp', value: 'https://wa.me/message/ABC' },
      { kind: 'line', label: 'LINE', value: 'https://line.me/R/ti/p/@shop' },
      { kind: 'wechat', label: '微信客服', value: 'Shop_CS' },
      { kind: 'phone', value: '+1 (555) 010-0000' },
    ]);
    // Exactly what the server passes on to visitors.
    expect(publicExtras({ contactChannels }).contactChannels).toEqual(contactChannels);
  });

  it('reads day lists and ranges, wrapping past Sunday, and prints them back the same way', () => {
    const days = parseHours(['Fri-Mon 10:00-14:00', 'mon,Wednesday 18:00-24:00']);
    expect(days).toEqual({
      5: [['10:00', '14:00']],
      6: [['10:00', '14:00']],
      0: [['10:00', '14:00']],
      1: [
        ['10:00', '14:00'],
        ['18:00', '24:00'],
      ],
      3: [['18:00', '24:00']],
    });
    expect(formatHours({ timeZone: 'UTC', days })).toBe(
      'Mon 10:00-14:00,18:00-24:00; Wed 18:00-24:00; Fri-Sun 10:00-14:00 (UTC)',
    );
    const everyDay = parseHours(['Mon-Sun 00:00-24:00']);
    expect(Object.keys(everyDay)).toHaveLength(7);
    expect(formatHours({ timeZone: 'UTC', days: everyDay })).toBe('Mon-Sun 00:00-24:00 (UTC)');
    expect(
      parseHours(
        formatHours({ timeZone: 'UTC', days })
          .replace(/ \(UTC\)$/, '')
          .split('; '),
      ),
    ).toEqual(days);
  });
});
