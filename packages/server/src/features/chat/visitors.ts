import type { IdentityClaim } from '@topay-support/protocol';
import type { AppContext } from '../../context.js';
import type { MerchantRecord } from '../../storage/merchants.js';
import type { VisitorRecord } from '../../storage/visitors.js';
import { verifyUserHash } from './identity.js';

/** The merchant accepts only identified visitors, and this one is not (or not verifiably). */
export class IdentityRequiredError extends Error {
  override readonly name = 'IdentityRequiredError';
}

export interface VisitorResolution {
  visitor: VisitorRecord;
  /** An identity was offered and did not verify. */
  identityRejected: boolean;
}

/**
 * Decides who a connecting visitor is. A verified identity maps to one visitor per user id, so
 * history follows the user across devices; an anonymous visitor's earlier conversations move with
 * them when they identify. A token of an identified visitor is honoured only together with the same
 * verified identity: after logout, or with a forged hash, the device starts afresh and sees no history.
 */
export async function resolveVisitor(
  ctx: AppContext,
  merchant: MerchantRecord,
  auth: { visitorToken?: string | undefined; identity?: IdentityClaim | undefined },
): Promise<VisitorResolution> {
  const claims = auth.visitorToken ? await ctx.tokens.verify(auth.visitorToken, 'visitor') : undefined;
  const tokenVisitor =
    claims && claims.merchantId === merchant.id
      ? await ctx.storage.visitors.touch(claims.visitorId, merchant.id)
      : undefined;

  const required = merchant.settings.requireIdentity === true;
  if (required && !auth.identity)
    throw new IdentityRequiredError('this merchant accepts identified visitors only');
  if (auth.identity) {
    if (!verifyUserHash(merchant.secret, auth.identity.userId, auth.identity.userHash)) {
      ctx.logger.warn({ merchantId: merchant.id }, 'visitor identity rejected');
      if (required) throw new IdentityRequiredError('the identity did not verify');
      return { visitor: await ctx.storage.visitors.create(merchant.id), identityRejected: true };
    }
    const visitor = await ctx.storage.visitors.upsertIdentified(merchant.id, auth.identity.userId);
    const patch = {
      ...(auth.identity.name ? { name: auth.identity.name } : {}),
      ...(auth.identity.email ? { email: auth.identity.email } : {}),
    };
    await ctx.storage.visitors.update(visitor.id, patch);
    if (tokenVisitor && tokenVisitor.id !== visitor.id && tokenVisitor.userId === null) {
      await ctx.storage.conversations.moveToVisitor(tokenVisitor.id, visitor.id);
    }
    return { visitor: { ...visitor, ...patch }, identityRejected: false };
  }

  if (tokenVisitor && tokenVisitor.userId === null) return { visitor: tokenVisitor, identityRejected: false };
  // A missing, foreign or expired token starts a new visitor rather than failing: the widget must work.
  return { visitor: await ctx.storage.visitors.create(merchant.id), identityRejected: false };
}
