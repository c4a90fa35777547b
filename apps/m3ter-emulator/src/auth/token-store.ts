/**
 * Bearer tokens: opaque random strings remembered with the organization and service user they were
 * issued to, valid for the token lifetime on the emulator's (injectable) clock.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorState, IssuedToken, ServiceUser } from '../state/emulator-state.js';

export function issueToken(
  state: EmulatorState,
  user: ServiceUser,
  now: Date,
  lifetimeSeconds: number,
): IssuedToken {
  const token: IssuedToken = {
    accessToken: `m3emu.${randomBytes(32).toString('base64url')}`,
    orgId: user.orgId,
    accessKeyId: user.accessKeyId,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
  };
  state.tokens.set(token.accessToken, token);
  state.stats.tokensIssued++;
  return token;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'otherOrganization' };

/** Checks an `Authorization: Bearer …` header for a call on `orgId`. */
export function checkBearer(
  state: EmulatorState,
  header: string | undefined,
  orgId: string,
  now: Date,
): TokenCheck {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return { ok: false, reason: 'missing' };
  const token = state.tokens.get(match[1]);
  if (!token) return { ok: false, reason: 'unknown' };
  if (token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  if (token.orgId !== orgId) return { ok: false, reason: 'otherOrganization' };
  return { ok: true, token };
}

/** Every issued token expires now; returns how many were still valid. */
export function expireTokens(state: EmulatorState, now: Date): number {
  let expired = 0;
  for (const token of state.tokens.values()) {
    if (token.expiresAt.getTime() > now.getTime()) {
      token.expiresAt = new Date(now.getTime());
      expired++;
    }
  }
  return expired;
}

/** `Authorization: Basic base64(accessKeyId:apiSecret)`, split at the first colon. */
export function parseBasicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
