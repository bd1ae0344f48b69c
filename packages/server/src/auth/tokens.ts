import type { AgentRole } from '@topay-support/protocol';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AgentClaims {
  kind: 'agent';
  agentId: string;
  merchantId: string;
  role: AgentRole;
  /** The agent's token version when it was issued; a newer one in the database ends this token. */
  tokenVersion: number;
}

export interface VisitorClaims {
  kind: 'visitor';
  visitorId: string;
  merchantId: string;
}

export type TokenClaims = AgentClaims | VisitorClaims;

export interface TokenService {
  sign(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid, unexpired token of the expected kind; `undefined` for anything else. */
  verify<K extends TokenClaims['kind']>(
    token: string,
    kind: K,
  ): Promise<Extract<TokenClaims, { kind: K }> | undefined>;
}

const LIFETIME_SECONDS: Record<TokenClaims['kind'], number> = {
  agent: 12 * 60 * 60,
  // Visitors come back days later to the same conversation; the token is their only key to it.
  visitor: 180 * 24 * 60 * 60,
};

const ISSUER = 'topay-support';

/**
 * Signs and verifies HS256 JWTs with `TOKEN_SECRET`. Every node shares the secret, so any node
 * accepts a token another node issued.
 */
export function createTokenService(secret: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims) {
      const expiresAt = new Date(Date.now() + LIFETIME_SECONDS[claims.kind] * 1000);
      const subject = claims.kind === 'agent' ? claims.agentId : claims.visitorId;
      const payload =
        claims.kind === 'agent'
          ? { mid: claims.merchantId, role: claims.role, ver: claims.tokenVersion }
          : { mid: claims.merchantId };
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setAudience(claims.kind)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token, kind) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: kind,
          algorithms: ['HS256'],
        });
        if (typeof payload.sub !== 'string' || typeof payload.mid !== 'string') return undefined;
        if (kind === 'agent') {
          if (payload.role !== 'agent' && payload.role !== 'admin') return undefined;
          return {
            kind: 'agent',
            agentId: payload.sub,
            merchantId: payload.mid,
            role: payload.role,
            // Tokens issued before versions existed carry none: they are version 0.
            tokenVersion: typeof payload.ver === 'number' ? payload.ver : 0,
          } as Extract<TokenClaims, { kind: typeof kind }>;
        }
        return { kind: 'visitor', visitorId: payload.sub, merchantId: payload.mid } as Extract<
          TokenClaims,
          { kind: typeof kind }
        >;
      } catch (error) {
        if (error instanceof errors.JOSEError) return undefined;
        throw error;
      }
    },
  };
}
