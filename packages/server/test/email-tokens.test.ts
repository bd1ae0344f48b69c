import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmailTokens, EMAIL_TOKEN_LENGTH } from '../src/features/email/tokens.js';

const SECRET = 'test-token-secret-0123456789abcdef';
const conversationId = randomUUID();
const visitorId = randomUUID();
const owner = async (id: string) => (id === conversationId ? visitorId : undefined);
const inADay = () => new Date(Date.now() + 86_400_000);

describe('email tokens', () => {
  const tokens = createEmailTokens(SECRET);

  it('fit an address local part after "reply+" and survive case folding', async () => {
    const token = tokens.sign('reply', { conversationId, visitorId, expiresAt: inADay() });
    expect(token).toMatch(/^[a-z2-7]+$/);
    expect(token).toHaveLength(EMAIL_TOKEN_LENGTH);
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(await tokens.verify('reply', token.toUpperCase(), owner)).toMatchObject({ conversationId });
  });

  it('open nothing for another purpose, another visitor, another secret, a changed byte or after expiry', async () => {
    const token = tokens.sign('continue', { conversationId, visitorId, expiresAt: inADay() });
    expect(await tokens.verify('continue', token, owner)).toMatchObject({ conversationId });
    expect(await tokens.verify('reply', token, owner)).toBeUndefined();
    expect(await tokens.verify('unsubscribe', token, owner)).toBeUndefined();
    expect(await tokens.verify('continue', token, async () => randomUUID())).toBeUndefined();
    expect(await createEmailTokens(`${SECRET}x`).verify('continue', token, owner)).toBeUndefined();
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect(await tokens.verify('continue', `${token.slice(0, -1)}${last}`, owner)).toBeUndefined();
    expect(await tokens.verify('continue', `${token}a`, owner)).toBeUndefined();
    expect(await tokens.verify('continue', 'not-base32!', owner)).toBeUndefined();
    const expired = tokens.sign('continue', {
      conversationId,
      visitorId,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await tokens.verify('continue', expired, owner)).toBeUndefined();
  });
});
