/**
 * BatchMeterUsage rules through the real MarketplaceMeteringClient: deduplication, subscription
 * states, every call-level exception (nothing of a refused call is recorded), the time window,
 * SigV4 failures and regions.
 */
import type { UsageRecord } from '@aws-sdk/client-marketplace-metering';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsEmulator } from '../src/index.js';
import {
  BUYER_ACCOUNT,
  batch,
  type Clock,
  errorName,
  LEGACY_CUSTOMER_IDENTIFIER,
  LEGACY_PRODUCT_CODE,
  LICENSE_ARN,
  meteringClient,
  NOW,
  OTHER_BUYER_ACCOUNT,
  PRODUCT_CODE,
  SELLER_KEY,
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

const HOUR = 3_600_000;

async function statuses(records: UsageRecord[], productCode?: string) {
  const answer = await batch(meteringClient(emulator), records, productCode);
  return (answer.Results ?? []).map((result) => result.Status);
}

/** The call fails with `name` and records nothing. */
async function refused(name: string, records: UsageRecord[], productCode?: string) {
  const before = emulator.records().length;
  expect(await errorName(batch(meteringClient(emulator), records, productCode))).toBe(name);
  expect(emulator.records()).toHaveLength(before);
  expect(emulator.stats().exceptions[name]).toBeGreaterThanOrEqual(1);
}

describe('deduplication (first quantity wins per customer, dimension and UTC hour)', () => {
  it('answers an identical record with the same MeteringRecordId and records it once', async () => {
    const client = meteringClient(emulator);
    const first = await batch(client, [usageRecord()]);
    const again = await batch(client, [usageRecord()]);
    expect(again.Results?.[0]?.Status).toBe('Success');
    expect(again.Results?.[0]?.MeteringRecordId).toBe(first.Results?.[0]?.MeteringRecordId);
    expect(emulator.records()).toHaveLength(1);
    expect(emulator.stats().duplicatesAnswered).toBe(1);
  });

  it('answers DuplicateRecord for another quantity in the same hour and does not record it', async () => {
    await batch(meteringClient(emulator), [usageRecord({ Quantity: 5 })]);
    const sameHour = usageRecord({ Quantity: 6, Timestamp: new Date('2026-03-10T11:45:00Z') });
    const answer = await batch(meteringClient(emulator), [sameHour]);
    expect(answer.Results?.[0]).toEqual({ UsageRecord: sameHour, Status: 'DuplicateRecord' });
    expect(emulator.records()).toHaveLength(1);
    // Another hour or another dimension is a new slot.
    expect(
      await statuses([
        usageRecord({ Quantity: 6, Timestamp: new Date('2026-03-10T10:00:00Z') }),
        usageRecord({ Quantity: 6, Dimension: 'storage' }),
      ]),
    ).toEqual(['Success', 'Success']);
    expect(emulator.stats().results).toMatchObject({ Success: 3, DuplicateRecord: 1 });
  });

  it('treats other allocations as another record', async () => {
    const allocations = (tag: string) => [
      { AllocatedUsageQuantity: 2, Tags: [{ Key: 'team', Value: tag }] },
      { AllocatedUsageQuantity: 3 },
    ];
    expect(await statuses([usageRecord({ UsageAllocations: allocations('a') })])).toEqual(['Success']);
    expect(await statuses([usageRecord({ UsageAllocations: allocations('a') })])).toEqual(['Success']);
    expect(await statuses([usageRecord({ UsageAllocations: allocations('b') })])).toEqual([
      'DuplicateRecord',
    ]);
    expect(emulator.records()[0]?.usageAllocations).toEqual(allocations('a'));
  });
});

describe('customers', () => {
  it('answers CustomerNotSubscribed for an account that is not a customer of the product', async () => {
    const record = usageRecord({ CustomerAWSAccountId: OTHER_BUYER_ACCOUNT, LicenseArn: undefined });
    const answer = await batch(meteringClient(emulator), [record, usageRecord()], PRODUCT_CODE);
    expect(answer.Results?.map((r) => r.Status)).toEqual(['CustomerNotSubscribed', 'Success']);
    expect(answer.Results?.[0]?.MeteringRecordId).toBeUndefined();
    expect(emulator.records()).toHaveLength(1);
  });

  it('answers CustomerNotSubscribed once a customer is UNSUBSCRIBED', async () => {
    emulator.updateCustomer(
      { customerAwsAccountId: BUYER_ACCOUNT, productCode: PRODUCT_CODE },
      { status: 'UNSUBSCRIBED' },
    );
    expect(await statuses([usageRecord()])).toEqual(['CustomerNotSubscribed']);
    expect(emulator.stats().results.CustomerNotSubscribed).toBe(1);
  });

  it('still accepts UNSUBSCRIBE_PENDING for an hour after the change, then not', async () => {
    emulator.updateCustomer(
      { customerAwsAccountId: BUYER_ACCOUNT, productCode: PRODUCT_CODE },
      { status: 'UNSUBSCRIBE_PENDING' },
    );
    clock.now = new Date(NOW.getTime() + 59 * 60_000);
    expect(await statuses([usageRecord()])).toEqual(['Success']);
    clock.now = new Date(NOW.getTime() + HOUR);
    expect(await statuses([usageRecord({ Dimension: 'storage' })])).toEqual(['CustomerNotSubscribed']);
  });

  it('meters legacy products by CustomerIdentifier + ProductCode', async () => {
    const legacy = {
      Timestamp: new Date('2026-03-10T11:00:00Z'),
      CustomerIdentifier: LEGACY_CUSTOMER_IDENTIFIER,
      Dimension: 'seats',
      Quantity: 3,
    };
    expect(await statuses([legacy], LEGACY_PRODUCT_CODE)).toEqual(['Success']);
    expect(emulator.records()[0]).toMatchObject({
      productCode: LEGACY_PRODUCT_CODE,
      customerIdentifier: LEGACY_CUSTOMER_IDENTIFIER,
      customerAwsAccountId: null,
      licenseArn: null,
    });
    await refused(
      'InvalidCustomerIdentifierException',
      [{ ...legacy, CustomerIdentifier: 'nobody' }],
      LEGACY_PRODUCT_CODE,
    );
  });
});

describe('call-level exceptions refuse the whole call', () => {
  it('InvalidProductCodeException: unknown code, another seller’s product, no product at all', async () => {
    emulator.seedProduct({
      productCode: 'foreign',
      dimensions: ['requests'],
      sellerAccountId: '999999999999',
    });
    const byAccount = usageRecord({ LicenseArn: undefined });
    await refused('InvalidProductCodeException', [usageRecord()], 'unknown-product');
    await refused('InvalidProductCodeException', [usageRecord({ LicenseArn: undefined })], 'foreign');
    await refused('InvalidProductCodeException', [byAccount]);
  });

  it('InvalidLicenseException: unknown license, license of another customer', async () => {
    await refused('InvalidLicenseException', [
      usageRecord(),
      usageRecord({ LicenseArn: `${LICENSE_ARN}x`, Dimension: 'storage' }),
    ]);
    await refused('InvalidLicenseException', [usageRecord({ CustomerAWSAccountId: OTHER_BUYER_ACCOUNT })]);
  });

  it('InvalidUsageDimensionException', async () => {
    await refused('InvalidUsageDimensionException', [usageRecord(), usageRecord({ Dimension: 'nope' })]);
  });

  it('InvalidUsageAllocationsException and InvalidTagException', async () => {
    await refused('InvalidUsageAllocationsException', [
      usageRecord({ Quantity: 5, UsageAllocations: [{ AllocatedUsageQuantity: 4 }] }),
    ]);
    const tags = Array.from({ length: 6 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await refused('InvalidTagException', [
      usageRecord({ Quantity: 5, UsageAllocations: [{ AllocatedUsageQuantity: 5, Tags: tags }] }),
    ]);
    await refused('InvalidTagException', [
      usageRecord({
        Quantity: 5,
        UsageAllocations: [{ AllocatedUsageQuantity: 5, Tags: [{ Key: 'a', Value: 'bad\u0001' }] }],
      }),
    ]);
  });

  it('ValidationException: 0 or 26 records, quantity out of range, both customer fields, ≥ 1 MB', async () => {
    const records = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        usageRecord({ Timestamp: new Date(NOW.getTime() - (i + 1) * HOUR) }),
      );
    await refused('ValidationException', []);
    await refused('ValidationException', records(26));
    await refused('ValidationException', [usageRecord({ Quantity: 2_147_483_648 })]);
    await refused('ValidationException', [usageRecord({ Quantity: -1 })]);
    await refused('ValidationException', [usageRecord({ CustomerIdentifier: LEGACY_CUSTOMER_IDENTIFIER })]);
    const bigTags = Array.from({ length: 5 }, (_, i) => ({
      Key: `k${i}`.padEnd(100, 'k'),
      Value: 'v'.repeat(256),
    }));
    const allocations = Array.from({ length: 2500 }, () => ({ AllocatedUsageQuantity: 0, Tags: bigTags }));
    await refused('ValidationException', [usageRecord({ Quantity: 0, UsageAllocations: allocations })]);
    // 25 is fine.
    expect(await statuses(records(23))).toHaveLength(23);
    expect(emulator.stats().batchSizes).toMatchObject({ '23': 1 });
  });

  it('accepts exactly 25 records', async () => {
    const dims = ['requests', 'storage'];
    const records = Array.from({ length: 25 }, (_, i) =>
      usageRecord({
        Dimension: dims[i % 2],
        Timestamp: new Date(NOW.getTime() - (Math.floor(i / 2) + 1) * HOUR),
      }),
    );
    expect(new Set(await statuses(records))).toEqual(new Set(['Success']));
    expect(emulator.records()).toHaveLength(25);
  });
});

describe('timestamp window', () => {
  const at = (iso: string) => usageRecord({ Timestamp: new Date(iso) });

  it('24 h by default: 23:59 old is fine, 24:00 old refuses the whole call', async () => {
    expect(await statuses([at('2026-03-09T12:31:00Z')])).toEqual(['Success']);
    await refused('TimestampOutOfBoundsException', [at('2026-03-10T10:00:00Z'), at('2026-03-09T12:30:00Z')]);
  });

  it('6 h when configured', async () => {
    emulator.setWindowHours(6);
    expect(await statuses([at('2026-03-10T06:31:00Z')])).toEqual(['Success']);
    await refused('TimestampOutOfBoundsException', [at('2026-03-10T06:30:00Z')]);
  });

  it('refuses more than an hour in the future', async () => {
    expect(await statuses([at('2026-03-10T13:30:00Z')])).toEqual(['Success']);
    await refused('TimestampOutOfBoundsException', [at('2026-03-10T13:31:00Z')]);
  });

  it('closes a month at 06:00 UTC on day 1 of the next', async () => {
    clock.now = new Date('2026-04-01T05:59:59Z');
    expect(await statuses([at('2026-03-31T23:00:00Z')])).toEqual(['Success']);
    clock.now = new Date('2026-04-01T06:00:00Z');
    await refused('TimestampOutOfBoundsException', [at('2026-03-31T23:00:00Z')]);
    expect(await statuses([at('2026-04-01T00:00:00Z')])).toEqual(['Success']);
  });
});

describe('SigV4 and regions', () => {
  it('UnrecognizedClientException for an unknown key, InvalidSignatureException for a wrong secret', async () => {
    const unknown = meteringClient(emulator, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' });
    await expect(batch(unknown, [usageRecord()])).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
    const wrong = meteringClient(emulator, { ...SELLER_KEY, secretAccessKey: 'wrong' });
    await expect(batch(wrong, [usageRecord()])).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.records()).toHaveLength(0);
  });

  it('rejects an unsigned request and a tampered body', async () => {
    const response = await fetch(emulator.meteringUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSMPMeteringService.BatchMeterUsage',
      },
      body: '{"UsageRecords":[]}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await response.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    // Sign one body, send another.
    const client = meteringClient(emulator);
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string };
        request.body = request.body.replace('"Quantity":5', '"Quantity":6');
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamper' },
    );
    expect(await errorName(batch(client, [usageRecord()]))).toBe('InvalidSignatureException');
  });

  it('accepts commercial regions and answers DisabledApiException elsewhere', async () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      const answer = await batch(meteringClient(emulator, SELLER_KEY, region), [
        usageRecord({ Dimension: region === 'us-east-1' ? 'requests' : 'storage', Quantity: 5 }),
      ]);
      expect(answer.Results?.[0]?.Status).toBeDefined();
    }
    expect(emulator.records().map((r) => r.region)).toEqual(['us-east-1', 'us-west-2']);
    expect(await errorName(batch(meteringClient(emulator, SELLER_KEY, 'cn-north-1'), [usageRecord()]))).toBe(
      'DisabledApiException',
    );
  });
});
