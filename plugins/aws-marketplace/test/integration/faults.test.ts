import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsMarketplaceClient } from '../../src/index.js';
import { type Harness, startHarness } from '../support/emulator.js';

let harness: Harness;
let client: AwsMarketplaceClient;
const recordsOf = (accountId: string) =>
  harness.emulator.records().filter((record) => record.customerAwsAccountId === accountId);

beforeAll(async () => {
  harness = await startHarness();
  // Short timeouts: a lost response must not hold a test for 30 s.
  client = new AwsMarketplaceClient(harness.context(), { requestTimeoutMs: 5_000 });
  // Assume the role before any fault, so faults hit BatchMeterUsage only.
  expect(await client.verifyCredential()).toEqual({ ok: true });
});
afterEach(() => {
  harness.emulator.setFaults({});
});
afterAll(async () => {
  await client?.close();
  await harness?.emulator.close();
});

describe('faults: RETRYABLE, and the resend records exactly once', () => {
  it('UnprocessedRecords: RETRYABLE, then the resend is ACCEPTED and recorded once', async () => {
    const customer = harness.customer();
    const event = harness.event(customer);
    harness.emulator.setFaults({ rateUnprocessed: 1, only: 'metering' });
    const first = await client.submitBatch([event]);
    expect(first.outcomes[0]).toMatchObject({
      code: 'RETRYABLE',
      destinationStatus: 'UnprocessedRecords',
      retryAfterMs: null,
    });
    expect(recordsOf(customer.accountId)).toHaveLength(0);
    harness.emulator.setFaults({});
    const again = await client.submitBatch([event]);
    expect(again.outcomes[0]?.code).toBe('ACCEPTED');
    expect(recordsOf(customer.accountId)).toHaveLength(1);
  });

  it.each([
    ['throttling', { rateThrottle: 1 }, 'ThrottlingException'],
    ['a 500', { rate500: 1 }, 'InternalServiceErrorException'],
    ['a dropped connection', { rateDropConnection: 1 }, null],
  ])(
    '%s: RETRYABLE for every record, nothing recorded; the resend records once',
    async (_name, faults, status) => {
      const customers = [harness.customer(), harness.customer()];
      const events = customers.map((customer) => harness.event(customer));
      harness.emulator.setFaults({ ...faults, only: 'metering' });
      const first = await client.submitBatch(events);
      expect(first.outcomes.map((outcome) => outcome.code)).toEqual(['RETRYABLE', 'RETRYABLE']);
      for (const outcome of first.outcomes) expect(outcome.retryAfterMs).toBeNull();
      if (status) expect(first.outcomes[0]?.destinationStatus).toBe(status);
      expect(first.exchanges).toHaveLength(1);
      harness.emulator.setFaults({});
      const again = await client.submitBatch(events);
      expect(again.outcomes.map((outcome) => outcome.code)).toEqual(['ACCEPTED', 'ACCEPTED']);
      for (const customer of customers) expect(recordsOf(customer.accountId)).toHaveLength(1);
    },
  );

  it('a lost response: RETRYABLE though AWS recorded it; the identical resend gets Success with the same id', async () => {
    const customer = harness.customer();
    const event = harness.event(customer);
    harness.emulator.setFaults({ rateLostResponse: 1, only: 'metering' });
    const first = await client.submitBatch([event]);
    expect(first.outcomes[0]?.code).toBe('RETRYABLE');
    const recorded = recordsOf(customer.accountId);
    expect(recorded).toHaveLength(1);
    expect(first.exchanges[0]).toMatchObject({ status: null, error: expect.any(String) });
    harness.emulator.setFaults({});
    const again = await client.submitBatch([event]);
    expect(again.outcomes[0]).toMatchObject({ code: 'ACCEPTED', receiptId: recorded[0]?.meteringRecordId });
    expect(recordsOf(customer.accountId)).toHaveLength(1);
  });

  it('STS failing while the role session is fetched is RETRYABLE, not AUTH_FAILED', async () => {
    const fresh = new AwsMarketplaceClient(harness.context(), { requestTimeoutMs: 5_000 });
    try {
      harness.emulator.setFaults({ rate500: 1, only: 'sts' });
      const result = await fresh.submitBatch([harness.event(harness.customer())]);
      expect(result.outcomes[0]).toMatchObject({ code: 'RETRYABLE' });
      harness.emulator.setFaults({});
      const again = await fresh.submitBatch([harness.event(harness.customer())]);
      expect(again.outcomes[0]?.code).toBe('ACCEPTED');
    } finally {
      await fresh.close();
    }
  });
});
