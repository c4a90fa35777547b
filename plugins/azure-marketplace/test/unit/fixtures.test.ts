import { type UsageEvent, ZDecimal } from '@hub/core';
import { describe, expect, it } from 'vitest';
import type { BatchResultItem } from '../../src/azure-responses.js';
import { quantityText } from '../../src/azure-responses.js';
import { parseAzureTime } from '../../src/azure-time.js';
import {
  classifyBatchAnswer,
  classifyBatchItem,
  classifyUsageEventAnswer,
} from '../../src/classify-outcome.js';
import { writeBatchJson } from '../../src/usage-event-json.js';
import { FIXTURES_MISSING, fixturesPresent, readFixture } from '../support/fixtures.js';

if (!fixturesPresent) console.warn(FIXTURES_MISSING);

const NOW = new Date('2023-05-15T13:05:00Z');

/** The event we would have sent for a result item: its own echo, with the quantity as decimal text. */
function eventFor(item: BatchResultItem, quantity?: string): UsageEvent {
  return {
    id: `fixture-${item.resourceId}-${item.dimension}`,
    resourceId: item.resourceId ?? '',
    dimension: item.dimension ?? '',
    quantity: quantity ?? quantityText(item.quantity) ?? '1',
    effectiveStartTime: new Date(parseAzureTime(item.effectiveStartTime ?? '') ?? 0).toISOString(),
    planId: item.planId ?? null,
  };
}

describe.skipIf(!fixturesPresent)("Microsoft's real metering messages (shared fixtures)", () => {
  it('MarketplaceBatchResponseDTO.json: a mixed batch classifies item by item', () => {
    const body = readFixture('MarketplaceBatchResponseDTO.json') as { result: BatchResultItem[] };
    const events = body.result.map((item) => eventFor(item));
    const outcomes = classifyBatchAnswer(events, { kind: 'http', status: 200, headers: {}, body }, NOW);
    expect(outcomes.map((o) => o.code)).toEqual([
      'ACCEPTED',
      'DUPLICATE_FOREIGN', // we sent 9, Azure already holds 5 for that hour
      'REJECTED',
      'EXPIRED',
      'REJECTED',
    ]);
    expect(outcomes[0]?.receiptId).toBe('a1de677b-138c-4026-b5b7-9a788f7d6528');
    expect(outcomes[2]).toMatchObject({
      destinationStatus: 'ResourceNotFound',
      message: 'The resourceId value provided cannot be found or this resource is not active.',
    });
    expect(outcomes[3]?.message).toBe('The effective time provided is has expired or is in future.');
    expect(outcomes[4]).toMatchObject({
      destinationStatus: 'InvalidDimension',
      message: 'The payload dimension is invalid.',
    });
  });

  it('reads 9.1234567890123461 without a float, and zone-less times as UTC', () => {
    const body = readFixture('MarketplaceBatchResponseDTO.json') as { result: BatchResultItem[] };
    const notFound = body.result[2]!;
    expect(quantityText(notFound.quantity)).toBe('9.1234567890123461');
    expect(ZDecimal.parse(notFound.quantity)).toBe('9.1234567890123461');
    expect(parseAzureTime(notFound.effectiveStartTime!)).toBe(Date.UTC(2021, 11, 14, 1));
  });

  it('MarketplaceErrorDuplicate.json: ours when we sent what Azure holds (5 in that hour), foreign otherwise', () => {
    const item = readFixture('MarketplaceErrorDuplicate.json') as BatchResultItem;
    expect(classifyBatchItem(eventFor(item, '5'), item)).toMatchObject({
      code: 'DUPLICATE_OURS',
      receiptId: 'f4d7af93-afb2-4b01-bda8-d192d3967767',
    });
    expect(classifyBatchItem(eventFor(item, '5.000'), item).code).toBe('DUPLICATE_OURS');
    expect(classifyBatchItem(eventFor(item), item).code).toBe('DUPLICATE_FOREIGN');
  });

  it('MarketplaceGenericError.json: ResourceNotFound → REJECTED', () => {
    const item = readFixture('MarketplaceGenericError.json') as BatchResultItem;
    expect(classifyBatchItem(eventFor(item), item)).toMatchObject({
      code: 'REJECTED',
      destinationStatus: 'ResourceNotFound',
    });
  });

  it('MarketplaceExpiredErrorResponse.json as a 400 → EXPIRED', () => {
    const body = readFixture('MarketplaceExpiredErrorResponse.json');
    const event = eventFor({
      resourceId: 'r',
      dimension: 'd',
      effectiveStartTime: '2021-12-13T01:00:00Z',
    } as BatchResultItem);
    expect(classifyUsageEventAnswer(event, { kind: 'http', status: 400, headers: {}, body }, NOW).code).toBe(
      'EXPIRED',
    );
    expect(classifyBatchAnswer([event], { kind: 'http', status: 400, headers: {}, body }, NOW)[0]?.code).toBe(
      'EXPIRED',
    );
  });

  it('MarketplaceSuccessResponse.json as a 200 → ACCEPTED with its usageEventId', () => {
    const body = readFixture('MarketplaceSuccessResponse.json') as BatchResultItem;
    expect(
      classifyUsageEventAnswer(eventFor(body), { kind: 'http', status: 200, headers: {}, body }, NOW),
    ).toMatchObject({
      code: 'ACCEPTED',
      receiptId: 'a1de677b-138c-4026-b5b7-9a788f7d6528',
      message: null,
    });
  });

  it('MarketplaceBatchRequest.json: what we write reads back as the same events', () => {
    const request = readFixture('MarketplaceBatchRequest.json') as { request: BatchResultItem[] };
    const events = request.request.map((item) => eventFor(item));
    const written = JSON.parse(writeBatchJson(events)) as { request: Record<string, unknown>[] };
    expect(written.request).toEqual(
      request.request.map((item) => ({
        resourceId: item.resourceId,
        quantity: 5,
        dimension: item.dimension,
        effectiveStartTime: `${item.effectiveStartTime}Z`,
        planId: item.planId,
      })),
    );
  });
});
