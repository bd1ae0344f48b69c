import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { apiRoute } from '../../http/api-route.js';

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

  const html = (description: string) => ({ description, contentType: 'text/html' });
  const spec = {
    url: '/v1/email/unsubscribe',
    tag: 'Email',
    auth: 'none',
    description:
      'The `t` query is the signed, expiring opt-out token of one reply email (docs/email.md); an expired or ' +
      'forged token answers 404 with a page that says only that the link expired.',
    errors: ['not_found'],
  } as const;
  // The token is checked, not validated as input: a malformed one answers the same "expired" page.
  const claimsOf = async (raw: unknown) => {
    const parsed = query.safeParse(raw);
    return parsed.success ? await ctx.emailTokens.verify('unsubscribe', parsed.data.t, visitorOf) : undefined;
  };

  apiRoute(
    app,
    {
      ...spec,
      method: 'GET',
      summary: 'Show the opt-out page of a reply email',
      query,
      responses: {
        200: html('A page with one button that opts out (scanners open links; GET changes nothing).'),
      },
    },
    async (request, reply) => {
      const claims = await claimsOf(request.query);
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
    },
  );

  // Mail clients post `List-Unsubscribe=One-Click` as a form; the body itself carries nothing we need.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_r, _b, done) => done(null, undefined),
  );
  apiRoute(
    app,
    {
      ...spec,
      method: 'POST',
      summary:
        "Opt out of reply emails (the page's button, or a mail client's one-click List-Unsubscribe-Post)",
      query,
      bodyContentType: 'application/x-www-form-urlencoded',
      responses: {
        200: html("A page confirming that no more emails will be sent about this visitor's conversations."),
      },
    },
    async (request, reply) => {
      const claims = await claimsOf(request.query);
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
    },
  );
}
