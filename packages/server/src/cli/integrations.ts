import { LIMITS } from '@topay-support/protocol';
import type { Command } from 'commander';
import { generateBotKey } from '../features/integrations/bot-keys.js';
import { generateWebhookSecret, validateWebhookUrl } from '../features/integrations/webhooks.js';
import type { BotRecord } from '../storage/bots.js';
import { WEBHOOK_EVENT_TYPES, type WebhookAttempt, type WebhookEventType } from '../storage/webhooks.js';
import { recordCliAudit } from './audit.js';
import { merchantByKey, UsageError, withMigratedStorage } from './tool-storage.js';

function describeAttempt(attempt: WebhookAttempt): string {
  const result = attempt.statusCode !== undefined ? `HTTP ${attempt.statusCode}` : `error: ${attempt.error}`;
  return `${attempt.at}  ${result}  ${attempt.durationMs} ms`;
}

/**
 * `bot …` and `webhook …`: bot API keys and signed webhooks (README "Bots and webhooks").
 *
 * @example
 * registerIntegrationCommands(program);
 */
export function registerIntegrationCommands(program: Command): void {
  const bot = program
    .command('bot')
    .description('bot API keys: a bot uses the agent HTTP API with `Authorization: Bearer <key>`');
  bot
    .command('create')
    .description('create a bot and print its API key (shown once)')
    .requiredOption('--merchant <key>', 'the merchant key, pk_…')
    .requiredOption('--name <name>', 'shown to visitors as the author of its messages')
    .action(async (options: { merchant: string; name: string }) => {
      const name = options.name.trim();
      if (!name || name.length > LIMITS.nameLength)
        throw new UsageError(`--name must be 1–${LIMITS.nameLength} characters`);
      const { id, key, keyHash } = generateBotKey();
      await withMigratedStorage(async (storage) => {
        const owner = await merchantByKey(storage, options.merchant);
        await storage.bots.create({ id, merchantId: owner.id, name, keyHash });
        // A bot is an agent that reads payments and personal data too: its creation is on the trail.
        await recordCliAudit(storage, {
          merchantId: owner.id,
          action: 'agent.created',
          target: id,
          details: { bot: true, name },
        });
      });
      console.log(
        [
          `bot ${id} created: ${name}`,
          `key: ${key}`,
          '(shown once: keep it in your bot’s secret store; `topay-support bot revoke <id>` disables it)',
        ].join('\n'),
      );
    });

  bot
    .command('list')
    .description("list a merchant's bots")
    .requiredOption('--merchant <key>', 'the merchant key, pk_…')
    .action(async (options: { merchant: string }) => {
      const bots = await withMigratedStorage(async (storage) =>
        storage.bots.list((await merchantByKey(storage, options.merchant)).id),
      );
      for (const b of bots) {
        const state = b.revokedAt ? `revoked ${b.revokedAt}` : 'active';
        console.log(
          `${b.id}\t${b.name}\t${state}\tcreated ${b.createdAt}\tlast used ${b.lastUsedAt ?? 'never'}`,
        );
      }
      if (bots.length === 0) console.log('no bots yet: create one with `topay-support bot create`');
    });

  bot
    .command('revoke <id-or-prefix>')
    .description('revoke a bot key at once (by id, a unique id prefix of 4+ characters, or the key itself)')
    .action(async (given: string) => {
      // Accept what an operator may have at hand: the id, its start, or the key (or its public part).
      const id =
        given
          .trim()
          .replace(/^tps_bot_/, '')
          .split('_')[0] ?? '';
      if (!/^[0-9a-f-]{4,36}$/.test(id)) throw new UsageError(`"${given}" is not a bot id or key`);
      const revoked = await withMigratedStorage(async (storage): Promise<BotRecord> => {
        const exact = await storage.bots.findById(id);
        const matches = exact ? [exact] : await storage.bots.findByIdPrefix(id);
        if (matches.length === 0) throw new UsageError(`no bot with id ${id}`);
        if (matches.length > 1) {
          throw new UsageError(
            `${id} matches ${matches.length} bots (${matches.map((m) => m.id).join(', ')}); give more of the id`,
          );
        }
        const target = matches[0]!;
        await storage.bots.revoke(target.id);
        await recordCliAudit(storage, {
          merchantId: target.merchantId,
          action: 'agent.disabled',
          target: target.id,
          details: { bot: true, name: target.name },
        });
        return target;
      });
      console.log(`bot ${revoked.id} (${revoked.name}) revoked`);
    });

  const webhook = program
    .command('webhook')
    .description('signed webhooks: conversation.created, message.created, conversation.resolved');
  webhook
    .command('add')
    .description('add a webhook and print its signing secret (shown once)')
    .requiredOption('--merchant <key>', 'the merchant key, pk_…')
    .requiredOption('--url <url>', 'https URL to POST events to (http only to localhost)')
    .option(
      '--events <list>',
      `comma-separated event types (${WEBHOOK_EVENT_TYPES.join(', ')})`,
      // The audit trail goes only to receivers that ask for it: it names agents and addresses.
      WEBHOOK_EVENT_TYPES.filter((type) => type !== 'audit.created').join(','),
    )
    .action(async (options: { merchant: string; url: string; events: string }) => {
      let url: string;
      try {
        url = validateWebhookUrl(options.url.trim());
      } catch (error) {
        throw new UsageError(`--url: ${(error as Error).message}`);
      }
      const events = [
        ...new Set(
          options.events
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean),
        ),
      ];
      const unknown = events.find((e) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(e));
      if (unknown || events.length === 0) {
        throw new UsageError(`--events must list some of ${WEBHOOK_EVENT_TYPES.join(', ')}`);
      }
      const secret = generateWebhookSecret();
      const created = await withMigratedStorage(async (storage) =>
        storage.webhooks.create({
          merchantId: (await merchantByKey(storage, options.merchant)).id,
          url,
          events: events as WebhookEventType[],
          secret,
        }),
      );
      console.log(
        [
          `webhook ${created.id} added: ${url} (${created.events.join(', ')})`,
          `signing secret: ${secret}`,
          '(shown once: verify the Topay-Signature header with it)',
        ].join('\n'),
      );
    });

  webhook
    .command('list')
    .description('list webhooks, all or one merchant’s')
    .option('--merchant <key>', 'the merchant key, pk_…')
    .action(async (options: { merchant?: string }) => {
      const hooks = await withMigratedStorage(async (storage) =>
        storage.webhooks.list(
          options.merchant ? (await merchantByKey(storage, options.merchant)).id : undefined,
        ),
      );
      for (const h of hooks) console.log(`${h.id}\t${h.url}\t${h.events.join(',')}\tcreated ${h.createdAt}`);
      if (hooks.length === 0) console.log('no webhooks yet: add one with `topay-support webhook add`');
    });

  webhook
    .command('remove <id>')
    .description('remove a webhook; its pending deliveries are dropped')
    .action(async (id: string) => {
      const removed = await withMigratedStorage((storage) => storage.webhooks.delete(id.trim()));
      if (!removed) throw new UsageError(`no webhook with id ${id}`);
      console.log(`webhook ${id.trim()} removed`);
    });

  webhook
    .command('deliveries <id>')
    .description("a webhook's recent deliveries with their attempts, newest first")
    .option('--limit <n>', 'how many deliveries', '20')
    .action(async (id: string, options: { limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit must be a whole number from 1 to 1000');
      const deliveries = await withMigratedStorage(async (storage) => {
        if (!(await storage.webhooks.findById(id.trim()))) throw new UsageError(`no webhook with id ${id}`);
        return storage.webhooks.listDeliveries(id.trim(), limit);
      });
      for (const d of deliveries) {
        const next = d.status === 'pending' ? `, next attempt ${d.nextAttemptAt}` : '';
        console.log(
          `${d.createdAt}  ${d.eventType}  ${d.eventId}  ${d.status} after ${d.attempts} attempt(s)${next}`,
        );
        for (const attempt of d.log) console.log(`    ${describeAttempt(attempt)}`);
      }
      if (deliveries.length === 0) console.log('no deliveries yet');
    });
}
