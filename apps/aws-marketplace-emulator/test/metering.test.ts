/** BatchMeterUsage through the real AWS SDK client: outcomes, echo, deduplication. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsEmulator } from '../src/index.js';
import {
  BUYER_ACCOUNT,
  batch,
  type Clock,
  LICENSE_ARN,
  meteringClient,
  NOW,
  PRODUCT_CODE,
  SELLER_ACCOUNT,
  startSeededEmulator,
  usageRecord,
} from './helpers.js';

let emulator: AwsEmulator;
let clock: Clock;

beforeEach(async () => {
  ({ emulator, clock } = await startSeededEmulator());
});
afterEach(async () => {
  await emulator.close();
});

describe('BatchMeterUsage', () => {
  it('honours a record, echoes it and records it', async () => {
    const client = meteringClient(emulator);
    const answer = await batch(client, [usageRecord()]);
    expect(answer.UnprocessedRecords).toEqual([]);
    expect(answer.Results).toHaveLength(1);
    const [result] = answer.Results ?? [];
    expect(result?.Status).toBe('Success');
    expect(result?.MeteringRecordId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(result?.UsageRecord).toEqual(usageRecord());
    expect(answer.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.records()).toEqual([
      {
        meteringRecordId: result?.MeteringRecordId,
        productCode: PRODUCT_CODE,
        customerAwsAccountId: BUYER_ACCOUNT,
        customerIdentifier: null,
        licenseArn: LICENSE_ARN,
        dimension: 'requests',
        timestamp: '2026-03-10T11:00:00.000Z',
        quantity: 5,
        recordedAt: NOW.toISOString(),
        callerAccountId: SELLER_ACCOUNT,
        region: 'us-east-1',
      },
    ]);
    expect(clock.now).toBe(NOW);
  });

  it('sends Timestamp as epoch seconds and echoes it the same way', async () => {
    const response = await fetch(emulator.meteringUrl, { method: 'POST' });
    expect(response.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(response.status).toBe(400);
  });
});
