import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';

const query = z.object({ t: z.string().min(1).max(100) });

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`;
}

/**
 * The opt-out link of reply emails (docs/email.md). GET only shows a button (mail scanners open
 * links; they must not unsubscribe anyone); POST, from that button or a mail client's one-click
 * `List-Unsubscribe-Post`, records it. Either way the answer says nothing about the conversation.
 */
export async function registerEmailRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  // Its own scope: the form parser below must not change what other routes accept.
  await root.register(async (app) => routes(app, ctx));
}

function routes(app: FastifyInstance, ctx: AppContext): void {
  const visitorOf = async (id: string) => (await ctx.storage.conversations.findById(id))?.visitorId;
  const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

  app.get('/v1/email/unsubscribe', async (request, reply) => {
    const parsed = query.safeParse(request.query);
    const claims = parsed.success
      ? await ctx.emailTokens.verify('unsubscribe', parsed.data.t, visitorOf)
      : undefined;
    if (!claims)
      return reply
        .status(404)
        .headers(headers)
        .send(page('Link expired', '<p>This link has expired. 链接已过期。</p>'));
    return reply
      .headers(headers)
      .send(
        page(
          'Email preferences',
          `<form method="post"><p>Stop emails about your support conversations?<br>不再接收客服对话相关邮件？</p><button type="submit">Unsubscribe · 退订</button></form>`,
        ),
      );
  });

  // Mail clients post `List-Unsubscribe=One-Click` as a form; the body itself carries nothing we need.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_r, _b, done) => done(null, undefined),
  );
  app.post('/v1/email/unsubscribe', async (request, reply) => {
    const parsed = query.safeParse(request.query);
    const claims = parsed.success
      ? await ctx.emailTokens.verify('unsubscribe', parsed.data.t, visitorOf)
      : undefined;
    if (!claims)
      return reply
        .status(404)
        .headers(headers)
        .send(page('Link expired', '<p>This link has expired. 链接已过期。</p>'));
    const conversation = await ctx.storage.conversations.findById(claims.conversationId);
    if (conversation) await ctx.storage.email.optOut(conversation.visitorId);
    return reply
      .headers(headers)
      .send(
        page(
          'Unsubscribed',
          '<p>You will get no more emails about your conversations. 您将不再收到对话相关邮件。</p>',
        ),
      );
  });
}
