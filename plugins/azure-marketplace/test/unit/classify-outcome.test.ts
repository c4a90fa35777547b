import { parseJsonLossless, SUBMIT_RESULT_CODE_LIST } from '@hub/core';
import { describe, expect, it } from 'vitest';
import type { BatchResultItem } from '../../src/azure-responses.js';
import {
  type AzureAnswer,
  classifyBatchAnswer,
  classifyBatchItem,
  classifyLookupFailure,
  classifyUsageEventAnswer,
  isOurEvent,
  pairResults,
  sameQuantity,
} from '../../src/classify-outcome.js';
import { RESOURCE_ID, usageEvent } from '../support/events.js';

const NOW = new Date('2021-12-14T02:10:00Z');

function http(status: number, body: unknown, headers: Record<string, string> = {}): AzureAnswer {
  // Bodies go through the lossless parser exactly as the client reads them.
  const parsed = body === undefined ? undefined : parseJsonLossless(JSON.stringify(body));
  return { kind: 'http', status, headers, body: parsed };
}

function item(fields: Record<string, unknown>): BatchResultItem {
  return parseJsonLossless(JSON.stringify(fields)) as BatchResultItem;
}

const badArgument = (target: string, message: string) => ({
  code: 'BadArgument',
  target: 'usageEventRequest',
  message: 'One or more errors have occurred.',
  details: [{ code: 'BadArgument', target, message }],
});

describe('classifyBatchItem: every per-event status', () => {
  const event = usageEvent({ quantity: '9' });

  it('Accepted → ACCEPTED with the usageEventId as receipt', () => {
    const outcome = classifyBatchItem(
      event,
      item({ status: 'Accepted', usageEventId: 'u-1', quantity: 9.0, resourceId: RESOURCE_ID }),
    );
    expect(outcome).toEqual({
      code: 'ACCEPTED',
      receiptId: 'u-1',
      destinationStatus: 'Accepted',
      message: null,
    });
  });

  it('Accepted with a different recorded quantity is still ACCEPTED, with a note', () => {
    const outcome = classifyBatchItem(event, item({ status: 'Accepted', usageEventId: 'u-1', quantity: 8 }));
    expect(outcome.code).toBe('ACCEPTED');
    expect(outcome.message).toContain('Azure recorded quantity 8');
  });

  it('Expired → EXPIRED with Microsoft message', () => {
    const outcome = classifyBatchItem(
      event,
      item({
        status: 'Expired',
        error: badArgument(
          'effectiveStartTime',
          'The effective time provided is has expired or is in future.',
        ),
      }),
    );
    expect(outcome).toMatchObject({
      code: 'EXPIRED',
      destinationStatus: 'Expired',
      message: 'The effective time provided is has expired or is in future.',
    });
  });

  it('BadArgument targeting effectiveStartTime → EXPIRED (future or too old)', () => {
    const outcome = classifyBatchItem(
      event,
      item({ status: 'BadArgument', error: badArgument('effectiveStartTime', 'expired or in future') }),
    );
    expect(outcome.code).toBe('EXPIRED');
  });

  it.each([
    [
      'ResourceNotFound',
      'resourceId',
      'The resourceId value provided cannot be found or this resource is not active.',
    ],
    ['ResourceNotActive', 'resourceId', 'The resource is suspended or was never activated.'],
    ['InvalidDimension', 'dimension', 'The payload dimension is invalid.'],
    ['InvalidQuantity', 'quantity', 'The quantity passed is lower or equal to 0.'],
    ['BadArgument', 'planId', 'The planId is not the plan of the subscription.'],
  ])('%s → REJECTED with Microsoft message', (status, target, message) => {
    const outcome = classifyBatchItem(event, item({ status, error: badArgument(target, message) }));
    expect(outcome).toMatchObject({ code: 'REJECTED', destinationStatus: status, message });
  });

  it('falls back to the documented description when the item carries no error', () => {
    const outcome = classifyBatchItem(event, item({ status: 'InvalidDimension' }));
    expect(outcome.message).toBe(
      'The dimension for which the usage is passed is invalid for this offer/plan.',
    );
  });

  it('ResourceNotAuthorized → AUTH_FAILED', () => {
    const outcome = classifyBatchItem(event, item({ status: 'ResourceNotAuthorized' }));
    expect(outcome).toMatchObject({ code: 'AUTH_FAILED', destinationStatus: 'ResourceNotAuthorized' });
    expect(outcome.message).toContain('not authorized');
  });

  it('Error → RETRYABLE, honouring Retry-After of the response', () => {
    const outcome = classifyBatchItem(
      event,
      item({ status: 'Error', error: { code: 'x', message: 'boom' } }),
      5000,
    );
    expect(outcome).toMatchObject({
      code: 'RETRYABLE',
      destinationStatus: 'Error',
      retryAfterMs: 5000,
      message: 'boom',
    });
  });

  it('an unknown status word → RETRYABLE (never drops usage on a guess)', () => {
    const outcome = classifyBatchItem(event, item({ status: 'SomethingNew' }));
    expect(outcome.code).toBe('RETRYABLE');
    expect(outcome.message).toContain('SomethingNew');
  });
});

describe('duplicates: ours or foreign', () => {
  const accepted = (fields: Record<string, unknown> = {}) => ({
    usageEventId: 'first-id',
    status: 'Duplicate',
    messageTime: '2021-12-14T01:20:00.1234567Z',
    resourceId: RESOURCE_ID,
    quantity: 12.345678,
    dimension: 'datasourcecharge',
    effectiveStartTime: '2021-12-14T01:00:00',
    planId: 'free_monthly_yearly',
    ...fields,
  });
  const duplicate = (fields: Record<string, unknown> = {}) =>
    item({
      status: 'Duplicate',
      messageTime: '2021-12-14T02:00:00Z',
      error: {
        code: 'Conflict',
        message: 'This usage event already exist.',
        additionalInfo: { acceptedMessage: accepted(fields) },
      },
    });
  const ours = usageEvent({ quantity: '12.345678', effectiveStartTime: '2021-12-14T01:00:00.000Z' });

  it('same resource, dimension, hour and quantity → DUPLICATE_OURS with the first receipt', () => {
    expect(classifyBatchItem(ours, duplicate())).toEqual({
      code: 'DUPLICATE_OURS',
      receiptId: 'first-id',
      destinationStatus: 'Duplicate',
      message: null,
    });
  });

  it('compares the hour as an instant: a zone-less echo is UTC, minutes inside the hour match', () => {
    expect(
      classifyBatchItem(ours, duplicate({ effectiveStartTime: '2021-12-14T01:59:59.9999999' })).code,
    ).toBe('DUPLICATE_OURS');
    expect(classifyBatchItem(ours, duplicate({ effectiveStartTime: '2021-12-14T02:00:00+01:00' })).code).toBe(
      'DUPLICATE_OURS',
    );
    expect(classifyBatchItem(ours, duplicate({ effectiveStartTime: '2021-12-14T02:00:00' })).code).toBe(
      'DUPLICATE_FOREIGN',
    );
  });

  it('compares quantities as decimals (12.3456780 = 12.345678), and the resource id case-insensitively', () => {
    const event = usageEvent({ quantity: '12.3456780', resourceId: RESOURCE_ID.toUpperCase() });
    expect(classifyBatchItem(event, duplicate()).code).toBe('DUPLICATE_OURS');
  });

  it('Azure echoing the resource id in another case is still our event (single 409 and batch item)', () => {
    // The hub stores the id lower-case (normalizeResourceId); Azure may answer upper or mixed case.
    const lower = usageEvent({ quantity: '12.345678', resourceId: RESOURCE_ID.toLowerCase() });
    const mixed = RESOURCE_ID.replace(/[a-f]/g, (c, i: number) => (i % 2 ? c.toUpperCase() : c));
    for (const echoed of [RESOURCE_ID.toUpperCase(), mixed]) {
      expect(isOurEvent(lower, accepted({ resourceId: echoed }))).toBe(true);
      expect(classifyBatchItem(lower, duplicate({ resourceId: echoed }))).toMatchObject({
        code: 'DUPLICATE_OURS',
        receiptId: 'first-id',
      });
      const conflict = http(409, {
        additionalInfo: { acceptedMessage: accepted({ resourceId: echoed }) },
        message: 'This usage event already exist.',
        code: 'Conflict',
      });
      expect(classifyUsageEventAnswer(lower, conflict, NOW).code).toBe('DUPLICATE_OURS');
    }
    // Case is the only thing forgiven: another GUID is still someone else's.
    const other = '00000000-0000-0000-0000-000000000000';
    expect(classifyBatchItem(lower, duplicate({ resourceId: other })).code).toBe('DUPLICATE_FOREIGN');
  });

  it('a different quantity in the same hour → DUPLICATE_FOREIGN, naming what Azure holds', () => {
    const outcome = classifyBatchItem(usageEvent({ quantity: '12.345679' }), duplicate());
    expect(outcome.code).toBe('DUPLICATE_FOREIGN');
    expect(outcome.message).toContain('12.345678');
    expect(outcome.message).toContain('first-id');
  });

  it('a different dimension or resource → DUPLICATE_FOREIGN', () => {
    expect(classifyBatchItem({ ...ours, dimension: 'other' }, duplicate()).code).toBe('DUPLICATE_FOREIGN');
    expect(
      classifyBatchItem({ ...ours, resourceId: '00000000-0000-0000-0000-000000000000' }, duplicate()).code,
    ).toBe('DUPLICATE_FOREIGN');
  });

  it('no acceptedMessage → DUPLICATE_FOREIGN (nothing proves it is ours)', () => {
    const outcome = classifyBatchItem(ours, item({ status: 'Duplicate', error: { code: 'Conflict' } }));
    expect(outcome.code).toBe('DUPLICATE_FOREIGN');
    expect(outcome.message).toContain('no acceptedMessage');
  });

  it('a quantity echoed beyond double precision still matches (Azure stores a double)', () => {
    expect(sameQuantity('9.123456789012346', '9.1234567890123461')).toBe(true);
    expect(sameQuantity('9.12345678901234', '9.1234567890123461')).toBe(false);
    expect(sameQuantity('5', 'not a number')).toBe(false);
    expect(sameQuantity('5', null)).toBe(false);
  });

  it('isOurEvent needs every part of the slot', () => {
    const message = parseJsonLossless(JSON.stringify(accepted())) as BatchResultItem;
    expect(isOurEvent(ours, message)).toBe(true);
    expect(isOurEvent(ours, { ...message, effectiveStartTime: null })).toBe(false);
    expect(isOurEvent(ours, { ...message, resourceId: null })).toBe(false);
  });
});

describe('classifyBatchAnswer: whole-call answers', () => {
  const events = [usageEvent(), usageEvent({ dimension: 'second' })];

  it('200 pairs results by slot even when Azure reorders them', () => {
    const answer = http(200, {
      count: 2,
      result: [
        {
          status: 'InvalidDimension',
          resourceId: RESOURCE_ID,
          dimension: 'second',
          effectiveStartTime: '2021-12-14T01:00:00',
        },
        {
          status: 'Accepted',
          usageEventId: 'u-1',
          resourceId: RESOURCE_ID,
          dimension: 'datasourcecharge',
          effectiveStartTime: '2021-12-14T01:00:00',
          quantity: 9,
        },
      ],
    });
    expect(classifyBatchAnswer(events, answer, NOW).map((o) => o.code)).toEqual(['ACCEPTED', 'REJECTED']);
  });

  it('an event without a result → RETRYABLE', () => {
    const answer = http(200, {
      count: 1,
      result: [
        {
          status: 'Accepted',
          usageEventId: 'u',
          resourceId: RESOURCE_ID,
          dimension: 'datasourcecharge',
          effectiveStartTime: '2021-12-14T01:00:00Z',
        },
      ],
    });
    const outcomes = classifyBatchAnswer(events, answer, NOW);
    expect(outcomes.map((o) => o.code)).toEqual(['ACCEPTED', 'RETRYABLE']);
    expect(outcomes[1]?.message).toContain('no result');
  });

  it('pairs an item that echoes no slot by position (a malformed event may echo nothing)', () => {
    const paired = pairResults(events, [item({ status: 'BadArgument' }), item({ status: 'BadArgument' })]);
    expect(paired.every(Boolean)).toBe(true);
  });

  it('200 with an unreadable body → RETRYABLE for every event', () => {
    expect(classifyBatchAnswer(events, http(200, { hello: 'world' }), NOW).map((o) => o.code)).toEqual([
      'RETRYABLE',
      'RETRYABLE',
    ]);
    expect(classifyBatchAnswer(events, http(200, undefined), NOW)[0]?.code).toBe('RETRYABLE');
  });

  it('400 for the whole batch (e.g. more than 25 events) → REJECTED for every event', () => {
    const answer = http(400, {
      code: 'BadArgument',
      message: 'One or more errors have occurred.',
      details: [
        { code: 'BadArgument', target: 'request', message: 'The batch contained more than 25 usage events.' },
      ],
    });
    const outcomes = classifyBatchAnswer(events, answer, NOW);
    expect(outcomes.map((o) => o.code)).toEqual(['REJECTED', 'REJECTED']);
    expect(outcomes[0]?.message).toBe('The batch contained more than 25 usage events.');
  });

  it('400 without a body → REJECTED with a generic message', () => {
    expect(classifyBatchAnswer(events, http(400, undefined), NOW)[0]).toMatchObject({
      code: 'REJECTED',
      message: expect.stringContaining('HTTP 400'),
    });
  });

  it.each([401, 403])('%i → AUTH_FAILED for every event with Microsoft message', (status) => {
    const outcomes = classifyBatchAnswer(
      events,
      http(status, { message: 'Client is not authorized for this usage resource.', code: 'Forbidden' }),
      NOW,
    );
    expect(outcomes.map((o) => o.code)).toEqual(['AUTH_FAILED', 'AUTH_FAILED']);
    expect(outcomes[0]?.message).toContain('Client is not authorized for this usage resource.');
  });

  it('429 → RETRYABLE with retryAfterMs from Retry-After seconds', () => {
    const outcomes = classifyBatchAnswer(
      events,
      http(
        429,
        { statusCode: 429, message: 'Rate limit is exceeded. Try again in 7 seconds.' },
        { 'retry-after': '7' },
      ),
      NOW,
    );
    expect(outcomes.map((o) => [o.code, o.retryAfterMs])).toEqual([
      ['RETRYABLE', 7000],
      ['RETRYABLE', 7000],
    ]);
    expect(outcomes[0]?.message).toContain('Rate limit is exceeded');
  });

  it('503 → RETRYABLE with retryAfterMs from an HTTP date', () => {
    const retryAt = new Date(NOW.getTime() + 30_000).toUTCString();
    const outcome = classifyBatchAnswer(events, http(503, undefined, { 'retry-after': retryAt }), NOW)[0];
    expect(outcome).toMatchObject({ code: 'RETRYABLE', retryAfterMs: 30_000 });
  });

  it.each([500, 502, 504, 408, 404])('%i → RETRYABLE (no Retry-After → null)', (status) => {
    const outcome = classifyBatchAnswer(
      events,
      http(status, { error: { code: 'InternalServerError', message: 'An unexpected error occurred.' } }),
      NOW,
    )[0];
    expect(outcome).toMatchObject({ code: 'RETRYABLE', retryAfterMs: null });
    expect(outcome?.message).toContain(`HTTP ${status}`);
  });

  it('500 body under `error` is quoted', () => {
    const outcome = classifyBatchAnswer(
      events,
      http(500, { error: { code: 'InternalServerError', message: 'An unexpected error occurred.' } }),
      NOW,
    )[0];
    expect(outcome?.message).toContain('An unexpected error occurred.');
  });

  it('409 on a batch judges the event it names and retries the rest', () => {
    const conflict = {
      code: 'Conflict',
      message: 'This usage event already exist.',
      additionalInfo: {
        acceptedMessage: {
          usageEventId: 'x',
          resourceId: RESOURCE_ID,
          dimension: 'second',
          effectiveStartTime: '2021-12-14T01:00:00Z',
          quantity: 9,
        },
      },
    };
    expect(classifyBatchAnswer(events, http(409, conflict), NOW).map((o) => o.code)).toEqual([
      'RETRYABLE',
      'DUPLICATE_OURS',
    ]);
  });

  it('transport failure → RETRYABLE for every event, saying the outcome is unknown', () => {
    const outcomes = classifyBatchAnswer(
      events,
      { kind: 'transport', code: 'UND_ERR_SOCKET', message: 'other side closed' },
      NOW,
    );
    expect(outcomes.map((o) => o.code)).toEqual(['RETRYABLE', 'RETRYABLE']);
    expect(outcomes[0]?.message).toContain('UND_ERR_SOCKET');
    expect(outcomes[0]?.message).toContain('may or may not be recorded');
  });

  it('token refused → AUTH_FAILED; token endpoint down → RETRYABLE', () => {
    const refused = classifyBatchAnswer(
      events,
      {
        kind: 'token',
        failure: {
          code: 'AADSTS7000215',
          message: 'AADSTS7000215: Invalid client secret provided.',
          transient: false,
          retryAfterMs: null,
        },
      },
      NOW,
    );
    expect(refused.map((o) => o.code)).toEqual(['AUTH_FAILED', 'AUTH_FAILED']);
    expect(refused[0]).toMatchObject({
      destinationStatus: 'AADSTS7000215',
      message: 'AADSTS7000215: Invalid client secret provided.',
    });
    const down = classifyBatchAnswer(
      events,
      {
        kind: 'token',
        failure: { code: 'network_error', message: 'refused', transient: true, retryAfterMs: 2000 },
      },
      NOW,
    );
    expect(down.map((o) => [o.code, o.retryAfterMs])).toEqual([
      ['RETRYABLE', 2000],
      ['RETRYABLE', 2000],
    ]);
  });

  it('every outcome code is from the closed set', () => {
    const answers: AzureAnswer[] = [
      http(200, { result: [{ status: 'Accepted' }, { status: 'Whatever' }] }),
      http(400, {}),
      http(403, {}),
      http(409, {}),
      http(429, {}),
      http(500, {}),
      { kind: 'transport', code: 'ECONNRESET', message: 'reset' },
    ];
    for (const answer of answers) {
      for (const outcome of classifyBatchAnswer(events, answer, NOW)) {
        expect(SUBMIT_RESULT_CODE_LIST).toContain(outcome.code);
      }
    }
  });
});

describe('classifyUsageEventAnswer: the single-event API', () => {
  const event = usageEvent({ quantity: '5' });

  it('200 Accepted → ACCEPTED', () => {
    expect(
      classifyUsageEventAnswer(
        event,
        http(200, { usageEventId: 'u', status: 'Accepted', quantity: 5.0 }),
        NOW,
      ),
    ).toMatchObject({
      code: 'ACCEPTED',
      receiptId: 'u',
    });
  });

  it('409 with our event → DUPLICATE_OURS; with another quantity → DUPLICATE_FOREIGN', () => {
    const body = (quantity: number) => ({
      additionalInfo: {
        acceptedMessage: {
          usageEventId: 'held',
          status: 'Duplicate',
          resourceId: RESOURCE_ID,
          quantity,
          dimension: 'datasourcecharge',
          effectiveStartTime: '2021-12-14T01:00:00',
        },
      },
      message: 'This usage event already exist.',
      code: 'Conflict',
    });
    expect(classifyUsageEventAnswer(event, http(409, body(5)), NOW)).toMatchObject({
      code: 'DUPLICATE_OURS',
      receiptId: 'held',
    });
    expect(classifyUsageEventAnswer(event, http(409, body(1)), NOW).code).toBe('DUPLICATE_FOREIGN');
  });

  it('400 targeting effectiveStartTime → EXPIRED', () => {
    const outcome = classifyUsageEventAnswer(
      event,
      http(
        400,
        badArgument('effectiveStartTime', 'The effective time provided is has expired or is in future.'),
      ),
      NOW,
    );
    expect(outcome).toMatchObject({ code: 'EXPIRED', destinationStatus: 'BadArgument' });
  });

  it('400 "not in Subscribed status" → REJECTED as ResourceNotActive', () => {
    const outcome = classifyUsageEventAnswer(
      event,
      http(400, badArgument('resourceId', 'SaaS subscription is not in Subscribed status.')),
      NOW,
    );
    expect(outcome).toMatchObject({ code: 'REJECTED', destinationStatus: 'ResourceNotActive' });
  });

  it('400 missing resourceId → REJECTED BadArgument with the detail', () => {
    const outcome = classifyUsageEventAnswer(
      event,
      http(400, badArgument('ResourceId', 'The resourceId is required.')),
      NOW,
    );
    expect(outcome).toMatchObject({
      code: 'REJECTED',
      destinationStatus: 'BadArgument',
      message: 'The resourceId is required.',
    });
  });

  it('403 → AUTH_FAILED; 200 without a status → RETRYABLE', () => {
    expect(classifyUsageEventAnswer(event, http(403, { code: 'Forbidden' }), NOW).code).toBe('AUTH_FAILED');
    expect(classifyUsageEventAnswer(event, http(200, {}), NOW).code).toBe('RETRYABLE');
  });
});

describe('classifyLookupFailure: fulfillment lookups', () => {
  it('maps 404/400 to REJECTED, 401/403 to AUTH_FAILED, the rest to RETRYABLE', () => {
    expect(classifyLookupFailure(http(404, undefined), 'subscription')).toMatchObject({ code: 'REJECTED' });
    expect(classifyLookupFailure(http(400, { message: 'bad' }), 'subscription')).toEqual({
      code: 'REJECTED',
      message: 'bad',
    });
    expect(classifyLookupFailure(http(403, {}), 'subscription').code).toBe('AUTH_FAILED');
    expect(classifyLookupFailure(http(503, {}), 'subscription').code).toBe('RETRYABLE');
    expect(
      classifyLookupFailure({ kind: 'transport', code: 'ECONNREFUSED', message: 'x' }, 'subscription').code,
    ).toBe('RETRYABLE');
    expect(
      classifyLookupFailure(
        {
          kind: 'token',
          failure: { code: 'AADSTS7000215', message: 'no', transient: false, retryAfterMs: null },
        },
        'subscription',
      ).code,
    ).toBe('AUTH_FAILED');
  });
});
