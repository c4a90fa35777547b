/**
 * Access tokens: opaque random strings remembered with the tenant and client they were issued to.
 * Real Entra tokens are JWTs, but clients must treat them as opaque, and an opaque token makes
 * a client that peeks into it fail here rather than in production.
 */
import { randomBytes } from 'node:crypto';
import { TOKEN_LIFETIME_SECONDS } from '../constants.js';
import type { EmulatorState, IssuedToken, MarketplaceSubscription } from '../state/emulator-state.js';

export function issueToken(state: EmulatorState, tenantId: string, clientId: string, now: Date): IssuedToken {
  const token: IssuedToken = {
    accessToken: `emu.${randomBytes(32).toString('base64url')}`,
    tenantId,
    clientId,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_SECONDS * 1000),
  };
  state.tokens.set(token.accessToken, token);
  return token;
}

/** The token behind an `Authorization: Bearer …` header, if this emulator issued it and it is unexpired. */
export function tokenFromAuthorization(
  state: EmulatorState,
  header: string | undefined,
  now: Date,
): IssuedToken | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const token = state.tokens.get(match[1]);
  if (!token) return undefined;
  if (token.expiresAt.getTime() <= now.getTime()) {
    state.tokens.delete(token.accessToken); // expired tokens are never valid again
    return undefined;
  }
  return token;
}

/**
 * A token may act on a subscription when it was issued to the offer's app registration (the
 * tenant and client id in Partner Center's technical configuration). Unset means "any publisher".
 */
export function tokenMayAccess(token: IssuedToken, subscription: MarketplaceSubscription): boolean {
  const sameTenant =
    subscription.publisherTenantId === undefined ||
    subscription.publisherTenantId.toLowerCase() === token.tenantId.toLowerCase();
  const sameClient =
    subscription.publisherClientId === undefined ||
    subscription.publisherClientId.toLowerCase() === token.clientId.toLowerCase();
  return sameTenant && sameClient;
}

/** Invalidates tokens (all, or one client's), forcing clients through the token endpoint again. */
export function revokeTokens(state: EmulatorState, clientId?: string): number {
  let revoked = 0;
  for (const [key, token] of state.tokens) {
    if (clientId === undefined || token.clientId.toLowerCase() === clientId.toLowerCase()) {
      state.tokens.delete(key);
      revoked++;
    }
  }
  return revoked;
}
