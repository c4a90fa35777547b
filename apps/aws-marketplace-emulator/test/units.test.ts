/** Unit tests of the pure pieces: time window, batch validation, SigV4 parsing, CLI args, seeded faults. */
import { createSeededRandom } from '@hub/emulator-kit';
import { describe, expect, it } from 'vitest';
import { parseAmzDate, parseAuthorization } from '../src/auth/sigv4.js';
import { parseCliArgs } from '../src/cli-args.js';
import { FaultInjector } from '../src/faults/fault-injector.js';
import { AwsApiError } from '../src/http/aws-error.js';
import { floorToUtcHour, monthCloseAfter, timestampProblem } from '../src/metering/time-window.js';
import { validateBatch } from '../src/metering/validate-batch.js';

const d = (iso: string) => new Date(iso);

describe('time window', () => {
  const now = d('2026-03-10T12:00:00Z');
  it.each([
    ['2026-03-09T12:00:01Z', 24, undefined],
    ['2026-03-09T12:00:00Z', 24, 'tooOld'],
    ['2026-03-10T06:00:01Z', 6, undefined],
    ['2026-03-10T06:00:00Z', 6, 'tooOld'],
    ['2026-03-10T13:00:00Z', 24, undefined],
    ['2026-03-10T13:00:01Z', 24, 'inFuture'],
  ])('%s with a %i h window → %s', (timestamp, hours, expected) => {
    expect(timestampProblem(d(timestamp), now, hours)).toBe(expected);
  });

  it('closes the month at 06:00 UTC on day 1, also across years', () => {
    expect(monthCloseAfter(d('2026-12-31T23:00:00Z')).toISOString()).toBe('2027-01-01T06:00:00.000Z');
    expect(timestampProblem(d('2026-02-28T23:00:00Z'), d('2026-03-01T05:59:59Z'), 24)).toBeUndefined();
    expect(timestampProblem(d('2026-02-28T23:00:00Z'), d('2026-03-01T06:00:00Z'), 24)).toBe(
      'previousMonthClosed',
    );
  });

  it('floors to the UTC hour', () => {
    expect(new Date(floorToUtcHour(d('2026-03-10T12:59:59.999Z'))).toISOString()).toBe(
      '2026-03-10T12:00:00.000Z',
    );
  });
});

describe('validateBatch', () => {
  const record = {
    Timestamp: 1_773_140_400,
    CustomerAWSAccountId: '333333333333',
    Dimension: 'd',
    Quantity: 1,
  };
  const code = (body: unknown) => {
    try {
      validateBatch(body);
      return 'ok';
    } catch (error) {
      return (error as AwsApiError).code;
    }
  };

  it('parses a valid batch', () => {
    const batch = validateBatch({ ProductCode: 'p', UsageRecords: [record] });
    expect(batch.productCode).toBe('p');
    expect(batch.records[0]?.timestamp.toISOString()).toBe('2026-03-10T11:00:00.000Z');
    expect(batch.records[0]?.sent).toBe(record);
  });

  it.each([
    [{}, 'ValidationException'],
    [{ UsageRecords: 'x' }, 'SerializationException'],
    [{ UsageRecords: [{ ...record, Timestamp: '2026-03-10' }] }, 'SerializationException'],
    [{ UsageRecords: [{ ...record, Quantity: 1.5 }] }, 'ValidationException'],
    [{ UsageRecords: [{ ...record, Dimension: '' }] }, 'ValidationException'],
    [{ UsageRecords: [{ ...record, CustomerAWSAccountId: '12ab' }] }, 'ValidationException'],
    [{ UsageRecords: [{ ...record, CustomerAWSAccountId: undefined }] }, 'ValidationException'],
    [{ ProductCode: 'bad code!', UsageRecords: [record] }, 'ValidationException'],
    [{ UsageRecords: [{ ...record, UsageAllocations: [] }] }, 'InvalidUsageAllocationsException'],
    [
      { UsageRecords: [{ ...record, UsageAllocations: [{ AllocatedUsageQuantity: 1, Tags: [] }] }] },
      'InvalidTagException',
    ],
    [
      {
        UsageRecords: [
          {
            ...record,
            UsageAllocations: [
              {
                AllocatedUsageQuantity: 1,
                Tags: [
                  { Key: 'a', Value: 'b' },
                  { Key: 'a', Value: 'c' },
                ],
              },
            ],
          },
        ],
      },
      'InvalidTagException',
    ],
    [{ UsageRecords: [{ ...record, Quantity: 0, UsageAllocations: [{ AllocatedUsageQuantity: 0 }] }] }, 'ok'],
  ])('%j → %s', (body, expected) => {
    expect(code(body)).toBe(expected);
  });
});

describe('SigV4 parsing', () => {
  it('parses the Authorization header and X-Amz-Date', () => {
    const header = `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260310/us-west-2/aws-marketplace/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${'a'.repeat(64)}`;
    expect(parseAuthorization(header)).toMatchObject({
      accessKeyId: 'AKIAEXAMPLE',
      region: 'us-west-2',
      service: 'aws-marketplace',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
    });
    expect(parseAuthorization('Bearer x')).toBeUndefined();
    expect(parseAmzDate('20260310T120000Z')?.toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(parseAmzDate('2026-03-10')).toBeUndefined();
  });
});

describe('CLI arguments', () => {
  it('parses options and rejects bad values', () => {
    expect(
      parseCliArgs(['--port', '0', '--window-hours', '6', '--rate-limit', '0', '--seed', '3']),
    ).toMatchObject({
      port: 0,
      windowHours: 6,
      rateLimitPerSecond: 0,
      seed: 3,
      host: '127.0.0.1',
    });
    expect(parseCliArgs([]).rateLimitPerSecond).toBe(10);
    expect(() => parseCliArgs(['--window-hours', '12'])).toThrow(/6 or 24/);
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/port/);
  });
});

describe('seeded faults', () => {
  it('the PRNG and the injector repeat for a seed', () => {
    const a = createSeededRandom(5);
    const b = createSeededRandom(5);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
    const decisions = () => {
      const injector = new FaultInjector(9);
      injector.configure({ rate500: 0.3, rateThrottle: 0.3 });
      return Array.from({ length: 20 }, () => injector.decide('metering')?.action);
    };
    expect(decisions()).toEqual(decisions());
    expect(new AwsApiError('X', 500, 'm').faultType).toBe('Receiver');
  });
});
