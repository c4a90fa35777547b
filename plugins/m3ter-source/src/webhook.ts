import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookSignatureInput, WebhookSignatureResult } from '@hub/core';
import { billIdsOfEvent } from './bill-events.js';
import { WEBHOOK_TOLERANCE_MS } from './constants.js';

/** Header names of the (chosen, unconfirmed) signing scheme, lower-case as the host hands them over. */
export const SIGNATURE_HEADER = 'x-m3ter-signature';
export const TIMESTAMP_HEADER = 'x-m3ter-timestamp';
export const API_KEY_HEADER = 'x-m3ter-apikey';

function isBillEvent(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const name = (value as { eventName?: unknown }).eventName;
  return typeof name === 'string' && name.startsWith('billing.bill.');
}

/**
 * The bill ids an m3ter webhook body names: for an event (or an array of events) whose
 * `eventName` is `billing.bill.*`, `m3terEvent.eventData.newDto.id` and `oldDto.id`. Only those
 * ids are read, and only as a trigger: the host fetches each bill with its own credential. Any
 * other shape, and a body that is not JSON, gives null. Never throws.
 */
export function webhookBillIds(body: unknown): string[] | null {
  try {
    let value = body;
    if (Buffer.isBuffer(value)) value = value.toString('utf8');
    if (typeof value === 'string') value = JSON.parse(value);
    const events = Array.isArray(value) ? value.slice(0, 1000) : [value];
    const ids: string[] = [];
    for (const event of events) {
      if (!isBillEvent(event)) continue;
      for (const id of billIdsOfEvent(event)) if (!ids.includes(id)) ids.push(id);
    }
    return ids.length ? ids : null;
  } catch {
    return null;
  }
}

/** Reads the timestamp header: Unix seconds, Unix milliseconds, or an ISO-8601 date-time. */
export function parseWebhookTimestamp(text: string): number | null {
  const value = text.trim();
  if (/^\d{1,16}$/.test(value)) {
    const number = Number(value);
    // Below 10^11 it is seconds (until the year 5138); above, milliseconds.
    return number < 1e11 ? number * 1000 : number;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The chosen scheme: hex HMAC-SHA256, keyed with the secret, of `${timestamp}.${rawBody}`. */
export function computeWebhookSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex');
}

/**
 * Checks a webhook against the operator's secret with the chosen scheme (the real
 * `M3TER_SIGNED_REQUEST` scheme is unconfirmed): the `x-m3ter-signature` header must be the hex
 * HMAC-SHA256 of `${x-m3ter-timestamp}.${rawBody}` (an optional `sha256=` prefix is tolerated),
 * compared in constant time, and the timestamp within 5 minutes of `now` either way. It proves the
 * sender knew the secret and sent this body recently; it does not prove the event is unique (a
 * replay inside the window passes) and does not check `x-m3ter-apikey`.
 */
export function verifyWebhookSignature(
  input: WebhookSignatureInput,
  toleranceMs: number = WEBHOOK_TOLERANCE_MS,
): WebhookSignatureResult {
  if (input.secret === '') return { ok: false, reason: 'no webhook secret is configured' };
  const signature = input.headers[SIGNATURE_HEADER];
  const timestamp = input.headers[TIMESTAMP_HEADER];
  if (!signature) return { ok: false, reason: `the ${SIGNATURE_HEADER} header is missing` };
  if (!timestamp) return { ok: false, reason: `the ${TIMESTAMP_HEADER} header is missing` };
  const at = parseWebhookTimestamp(timestamp);
  if (at === null) return { ok: false, reason: `the ${TIMESTAMP_HEADER} header is not a timestamp` };
  if (Math.abs(input.now.getTime() - at) > toleranceMs) {
    return {
      ok: false,
      reason: `the ${TIMESTAMP_HEADER} is more than ${toleranceMs / 60_000} minutes from now`,
    };
  }
  const given = signature
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given))
    return { ok: false, reason: `the ${SIGNATURE_HEADER} header is not a hex SHA-256 HMAC` };
  const expected = Buffer.from(computeWebhookSignature(input.secret, timestamp, input.rawBody), 'hex');
  if (!timingSafeEqual(Buffer.from(given, 'hex'), expected)) {
    return { ok: false, reason: 'the signature does not match the body and the configured secret' };
  }
  return { ok: true };
}
