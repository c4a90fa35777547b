import { describe, expect, it } from 'vitest';
import {
  computeWebhookSignature,
  m3terSource,
  parseWebhookTimestamp,
  webhookBillIds,
} from '../../src/index.js';

const event = (eventName: string, eventData: unknown) => ({
  id: 'ev-1',
  eventName,
  eventTime: '2026-12-01T10:00:00.000Z',
  m3terEvent: { eventData },
});

describe('webhookBillIds', () => {
  it('reads newDto.id and oldDto.id of billing.bill.* events only', () => {
    expect(
      webhookBillIds(event('billing.bill.updated', { newDto: { id: 'b-1' }, oldDto: { id: 'b-1' } })),
    ).toEqual(['b-1']);
    expect(webhookBillIds(event('billing.bill.deleted', { oldDto: { id: 'b-2' } }))).toEqual(['b-2']);
    expect(webhookBillIds(event('billing.bill.created', { newDto: { id: 'b-3' } }))).toEqual(['b-3']);
    expect(
      webhookBillIds([
        event('billing.bill.created', { newDto: { id: 'b-3' } }),
        event('billing.bill.updated', { newDto: { id: 'b-4' } }),
      ]),
    ).toEqual(['b-3', 'b-4']);
    expect(
      webhookBillIds(Buffer.from(JSON.stringify(event('billing.bill.created', { newDto: { id: 'b-5' } })))),
    ).toEqual(['b-5']);
  });

  it('anything else is null, never a throw', () => {
    for (const body of [
      null,
      undefined,
      42,
      'not json',
      '{"eventName":"billing.bill.updated"}',
      event('billing.billjob.updated', { newDto: { id: 'job-1' } }),
      event('configuration.account.created', { newDto: { id: 'acc-1' } }),
      event('billing.bill.updated', { newDto: { id: '../../etc/passwd' } }),
      event('billing.bill.updated', { newDto: { id: 12 } }),
      event('billing.bill.updated', null),
      { eventName: 'billing.bill.updated', billId: 'b-1' },
      [],
    ]) {
      expect(webhookBillIds(body)).toBeNull();
    }
  });
});

describe('verifyWebhookSignature (chosen scheme)', () => {
  const secret = 'whsec-0123456789';
  const now = new Date('2026-12-01T10:00:00Z');
  const rawBody = Buffer.from(JSON.stringify(event('billing.bill.updated', { newDto: { id: 'b-1' } })));
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const headers = (overrides: Record<string, string | undefined> = {}) => ({
    'x-m3ter-apikey': 'key-1',
    'x-m3ter-timestamp': timestamp,
    'x-m3ter-signature': computeWebhookSignature(secret, timestamp, rawBody),
    ...overrides,
  });
  const verify = m3terSource.verifyWebhookSignature!;

  it('accepts a good signature (seconds, milliseconds or ISO timestamps; sha256= prefix)', () => {
    expect(verify({ headers: headers(), rawBody, secret, now })).toEqual({ ok: true });
    const ms = String(now.getTime() - 60_000);
    expect(
      verify({
        headers: headers({
          'x-m3ter-timestamp': ms,
          'x-m3ter-signature': `sha256=${computeWebhookSignature(secret, ms, rawBody).toUpperCase()}`,
        }),
        rawBody,
        secret,
        now,
      }),
    ).toEqual({ ok: true });
    const iso = '2026-12-01T09:58:00.000Z';
    expect(
      verify({
        headers: headers({
          'x-m3ter-timestamp': iso,
          'x-m3ter-signature': computeWebhookSignature(secret, iso, rawBody),
        }),
        rawBody,
        secret,
        now,
      }),
    ).toEqual({ ok: true });
  });

  it('refuses a tampered body, a wrong secret, a stale or future timestamp, missing or malformed headers', () => {
    const tampered = Buffer.from(rawBody.toString().replace('b-1', 'b-2'));
    expect(verify({ headers: headers(), rawBody: tampered, secret, now })).toMatchObject({ ok: false });
    expect(verify({ headers: headers(), rawBody, secret: 'another-secret', now })).toMatchObject({
      ok: false,
    });
    const stale = String(Math.floor(now.getTime() / 1000) - 301);
    expect(
      verify({
        headers: headers({
          'x-m3ter-timestamp': stale,
          'x-m3ter-signature': computeWebhookSignature(secret, stale, rawBody),
        }),
        rawBody,
        secret,
        now,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/5 minutes/) });
    const future = String(Math.floor(now.getTime() / 1000) + 301);
    expect(
      verify({
        headers: headers({
          'x-m3ter-timestamp': future,
          'x-m3ter-signature': computeWebhookSignature(secret, future, rawBody),
        }),
        rawBody,
        secret,
        now,
      }),
    ).toMatchObject({ ok: false });
    // The timestamp is part of what is signed: changing it alone fails.
    expect(
      verify({
        headers: headers({ 'x-m3ter-timestamp': String(Number(timestamp) + 1) }),
        rawBody,
        secret,
        now,
      }),
    ).toMatchObject({ ok: false });
    expect(
      verify({ headers: headers({ 'x-m3ter-signature': undefined }), rawBody, secret, now }),
    ).toMatchObject({ ok: false });
    expect(
      verify({ headers: headers({ 'x-m3ter-timestamp': undefined }), rawBody, secret, now }),
    ).toMatchObject({ ok: false });
    expect(verify({ headers: headers({ 'x-m3ter-signature': 'abc' }), rawBody, secret, now })).toMatchObject({
      ok: false,
    });
    expect(
      verify({ headers: headers({ 'x-m3ter-timestamp': 'yesterday' }), rawBody, secret, now }),
    ).toMatchObject({ ok: false });
    expect(verify({ headers: headers(), rawBody, secret: '', now })).toMatchObject({ ok: false });
  });

  it('reads timestamps', () => {
    expect(parseWebhookTimestamp('1764583200')).toBe(1764583200000);
    expect(parseWebhookTimestamp('1764583200000')).toBe(1764583200000);
    expect(parseWebhookTimestamp('2025-12-01T10:00:00Z')).toBe(Date.parse('2025-12-01T10:00:00Z'));
    expect(parseWebhookTimestamp('12/01/2025')).toBeNull();
  });
});
