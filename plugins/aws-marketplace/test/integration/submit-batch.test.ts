import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsMarketplaceClient } from '../../src/index.js';
import { type Harness, LEGACY_PRODUCT_CODE, OTHER_DIMENSION, startHarness } from '../support/emulator.js';

let harness: Harness;
let client: AwsMarketplaceClient;
const meteringCalls = () => harness.emulator.stats().calls['BatchMeterUsage'] ?? 0;
const recordsOf = (accountId: string) =>
  harness.emulator.records().filter((record) => record.customerAwsAccountId === accountId);

beforeAll(async () => {
  harness = await startHarness();
  client = new AwsMarketplaceClient(harness.context());
});
afterAll(async () => {
  await client?.close();
  await harness?.emulator.close();
});

describe('submitBatch against the emulator', () => {
  it('records each event once and keeps its MeteringRecordId as the receipt', async () => {
    const customer = harness.customer();
    const events = [
      harness.event(customer),
      harness.event(customer, { dimension: OTHER_DIMENSION, quantity: '7' }),
      harness.event(customer, { effectiveStartTime: harness.clock.hour(3), quantity: '2147483647' }),
    ];
    const result = await client.submitBatch(events);
    expect(result.outcomes.map((outcome) => outcome.code)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    const recorded = recordsOf(customer.accountId);
    expect(recorded).toHaveLength(3);
    for (const [index, event] of events.entries()) {
      const record = recorded.find(
        (candidate) =>
          candidate.dimension === event.dimension &&
          Date.parse(candidate.timestamp) === Date.parse(event.effectiveStartTime),
      );
      expect(record).toMatchObject({ licenseArn: customer.licenseArn, quantity: Number(event.quantity) });
      expect(result.outcomes[index]?.receiptId).toBe(record?.meteringRecordId);
    }
    expect(result.exchanges).toHaveLength(2); // AssumeRole, then one BatchMeterUsage
  });

  it('answers an identical replay ACCEPTED with the same receipt, recording nothing new', async () => {
    const customer = harness.customer();
    const event = harness.event(customer);
    const first = await client.submitBatch([event]);
    const again = await client.submitBatch([{ ...event, id: 'another-hub-id' }]);
    expect(again.outcomes[0]).toMatchObject({ code: 'ACCEPTED', receiptId: first.outcomes[0]?.receiptId });
    expect(recordsOf(customer.accountId)).toHaveLength(1);
  });

  it('answers another quantity in a taken hour DUPLICATE_FOREIGN', async () => {
    const customer = harness.customer();
    await client.submitBatch([harness.event(customer, { quantity: '10' })]);
    const result = await client.submitBatch([harness.event(customer, { quantity: '11' })]);
    expect(result.outcomes[0]).toMatchObject({
      code: 'DUPLICATE_FOREIGN',
      destinationStatus: 'DuplicateRecord',
    });
    expect(recordsOf(customer.accountId).map((record) => record.quantity)).toEqual([10]);
  });

  it('answers an unsubscribed customer REJECTED with AWS words, and the others of the batch ACCEPTED', async () => {
    const gone = harness.customer();
    const staying = harness.customer();
    harness.emulator.updateCustomer(
      { customerAwsAccountId: gone.accountId, productCode: 'prod-abc123' },
      { status: 'UNSUBSCRIBED' },
    );
    const result = await client.submitBatch([harness.event(gone), harness.event(staying)]);
    expect(result.outcomes[0]).toMatchObject({
      code: 'REJECTED',
      destinationStatus: 'CustomerNotSubscribed',
    });
    expect(result.outcomes[0]?.message).toContain('CustomerNotSubscribed');
    expect(result.outcomes[1]?.code).toBe('ACCEPTED');
  });

  it('isolates a bad dimension among 24 good records: only it REJECTED, the others recorded once each', async () => {
    const customers = Array.from({ length: 25 }, () => harness.customer());
    const events = customers.map((customer, index) =>
      harness.event(customer, index === 13 ? { dimension: 'no-such-dimension' } : {}),
    );
    const before = meteringCalls();
    const result = await client.submitBatch(events);
    const calls = meteringCalls() - before;
    expect(result.outcomes.map((outcome) => outcome.code)).toEqual(
      events.map((_, index) => (index === 13 ? 'REJECTED' : 'ACCEPTED')),
    );
    expect(result.outcomes[13]).toMatchObject({ destinationStatus: 'InvalidUsageDimensionException' });
    expect(result.outcomes[13]?.message).toContain('no-such-dimension');
    for (const [index, customer] of customers.entries()) {
      expect(recordsOf(customer.accountId)).toHaveLength(index === 13 ? 0 : 1);
    }
    // Halving 25 down to the one bad record: 1 + 2 per level, about 11 calls; never one per record.
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThanOrEqual(11);
    expect(result.exchanges).toHaveLength(calls);
  });

  it('expires a stale record refused by a 6-hour window and sends the rest again, once', async () => {
    harness.emulator.setWindowHours(6);
    try {
      const customers = Array.from({ length: 5 }, () => harness.customer());
      const events = customers.map((customer, index) =>
        harness.event(customer, index === 2 ? { effectiveStartTime: harness.clock.hour(8) } : {}),
      );
      const result = await client.submitBatch(events);
      expect(result.outcomes.map((outcome) => outcome.code)).toEqual([
        'ACCEPTED',
        'ACCEPTED',
        'EXPIRED',
        'ACCEPTED',
        'ACCEPTED',
      ]);
      expect(result.outcomes[2]).toMatchObject({ destinationStatus: 'TimestampOutOfBoundsException' });
      for (const [index, customer] of customers.entries()) {
        expect(recordsOf(customer.accountId)).toHaveLength(index === 2 ? 0 : 1);
      }
    } finally {
      harness.emulator.setWindowHours(24);
    }
  });

  it('expires records outside 24 hours by its own rule without bisecting', async () => {
    const customers = Array.from({ length: 4 }, () => harness.customer());
    const events = customers.map((customer, index) =>
      harness.event(customer, index === 1 ? { effectiveStartTime: harness.clock.hour(30) } : {}),
    );
    const before = meteringCalls();
    const result = await client.submitBatch(events);
    expect(result.outcomes.map((outcome) => outcome.code)).toEqual([
      'ACCEPTED',
      'EXPIRED',
      'ACCEPTED',
      'ACCEPTED',
    ]);
    expect(meteringCalls() - before).toBe(2);
  });

  it('answers a license that is not the customer REJECTED (InvalidLicenseException), alone', async () => {
    const customer = harness.customer();
    const other = harness.customer();
    const result = await client.submitBatch([
      harness.event(customer, { planId: other.licenseArn }),
      harness.event(other),
    ]);
    expect(result.outcomes.map((outcome) => [outcome.code, outcome.destinationStatus])).toEqual([
      ['REJECTED', 'InvalidLicenseException'],
      ['ACCEPTED', 'Success'],
    ]);
  });

  it('meters a legacy customer by CustomerIdentifier with the credential product code', async () => {
    const accountId = '555555555555';
    harness.emulator.seedCustomer({
      customerAwsAccountId: accountId,
      productCode: LEGACY_PRODUCT_CODE,
      customerIdentifier: 'cust-legacy-1',
    });
    const legacy = new AwsMarketplaceClient(harness.context({ productCode: LEGACY_PRODUCT_CODE }));
    try {
      const result = await legacy.submitBatch([
        {
          id: 'legacy-1',
          resourceId: accountId,
          dimension: 'seats',
          quantity: '4',
          effectiveStartTime: harness.clock.hour(0),
          planId: 'customer-identifier:cust-legacy-1',
        },
      ]);
      expect(result.outcomes[0]?.code).toBe('ACCEPTED');
      expect(harness.emulator.records().filter((r) => r.customerIdentifier === 'cust-legacy-1')).toEqual([
        expect.objectContaining({
          productCode: LEGACY_PRODUCT_CODE,
          customerAwsAccountId: null,
          quantity: 4,
        }),
      ]);
      const request = result.exchanges.at(-1)?.requestBody as { ProductCode?: string };
      expect(request.ProductCode).toBe(LEGACY_PRODUCT_CODE);
    } finally {
      await legacy.close();
    }
  });

  it('rejects an event whose mapping has no license without sending it', async () => {
    const customer = harness.customer();
    const result = await client.submitBatch([
      harness.event(customer, { planId: null }),
      harness.event(customer),
    ]);
    expect(result.outcomes.map((outcome) => outcome.code)).toEqual(['REJECTED', 'ACCEPTED']);
    expect(result.outcomes[0]?.message).toContain('licenseArn');
  });

  it('throws for programming errors before sending anything', async () => {
    const customer = harness.customer();
    const before = meteringCalls();
    await expect(client.submitBatch([harness.event(customer, { quantity: '1.5' })])).rejects.toThrow(/whole/);
    await expect(
      client.submitBatch([harness.event(customer, { effectiveStartTime: '2026-03-10T12:15:00.000Z' })]),
    ).rejects.toThrow(/on the hour/);
    await expect(
      client.submitBatch(Array.from({ length: 26 }, () => harness.event(customer))),
    ).rejects.toThrow(/at most 25/);
    expect(meteringCalls()).toBe(before);
  });
});
