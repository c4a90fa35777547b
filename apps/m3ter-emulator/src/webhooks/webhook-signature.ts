/**
 * The signature on outgoing webhook requests. **(chosen — the real `M3TER_SIGNED_REQUEST` scheme is
 * unconfirmed)**: hex HMAC-SHA256, keyed with the webhook secret, over `${timestamp}.${rawBody}`,
 * sent as `x-m3ter-signature` next to `x-m3ter-apikey` and `x-m3ter-timestamp` (Unix seconds).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  apiKey: 'x-m3ter-apikey',
  timestamp: 'x-m3ter-timestamp',
  signature: 'x-m3ter-signature',
} as const;

export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** For receivers (and tests): true when `signature` is this scheme's signature of the request. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  rawBody: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
