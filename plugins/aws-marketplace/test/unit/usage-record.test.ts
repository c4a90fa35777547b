import { describe, expect, it } from 'vitest';
import { hourTimestamp, integerQuantity, planCalls, prepareRecords, recordKey } from '../../src/index.js';

const LICENSE = 'arn:aws:license-manager::123456789012:license:l-1';
const event = (overrides = {}) => ({
  id: 'e1',
  resourceId: '111122223333',
  dimension: 'api_calls',
  quantity: '150',
  effectiveStartTime: '2026-03-10T09:00:00.000Z',
  planId: LICENSE,
  ...overrides,
});

describe('usage records', () => {
  it('builds a license record: account id + license ARN, hour timestamp, integer quantity', () => {
    const { prepared, unprepared } = prepareRecords([event()], undefined);
    expect(unprepared).toEqual([]);
    expect(prepared[0]?.record).toEqual({
      Timestamp: new Date('2026-03-10T09:00:00.000Z'),
      Dimension: 'api_calls',
      Quantity: 150,
      CustomerAWSAccountId: '111122223333',
      LicenseArn: LICENSE,
    });
    expect(prepared[0]?.productCode).toBeUndefined();
  });

  it('builds a legacy record: customer identifier only, with the credential product code', () => {
    const { prepared } = prepareRecords([event({ planId: 'customer-identifier:cust-9' })], 'prod-1');
    expect(prepared[0]?.record).toEqual({
      Timestamp: new Date('2026-03-10T09:00:00.000Z'),
      Dimension: 'api_calls',
      Quantity: 150,
      CustomerIdentifier: 'cust-9',
    });
    expect(prepared[0]?.productCode).toBe('prod-1');
  });

  it('leaves events without a customer reference unprepared, with a reason', () => {
    const { prepared, unprepared } = prepareRecords(
      [event({ planId: null }), event({ planId: 'customer-identifier:c' }), event({ id: 'ok' })],
      undefined,
    );
    expect(prepared.map((record) => record.index)).toEqual([2]);
    expect(unprepared.map((record) => record.index)).toEqual([0, 1]);
    expect(unprepared[0]?.message).toContain('licenseArn');
    expect(unprepared[1]?.message).toContain('productCode');
  });

  it('throws for a time off the hour, a fractional or an oversized quantity (the host guarantees them)', () => {
    expect(() => hourTimestamp('2026-03-10T09:00:01.000Z')).toThrow(/on the hour/);
    expect(() => hourTimestamp('yesterday')).toThrow(/not a time/);
    expect(() => integerQuantity('12.5')).toThrow(/whole/);
    expect(() => integerQuantity('-1')).toThrow(/whole/);
    expect(() => integerQuantity('2147483648')).toThrow(/2147483647/);
    expect(integerQuantity('2147483647')).toBe(2_147_483_647);
    expect(integerQuantity('007')).toBe(7);
    expect(() => prepareRecords([event({ planId: null, quantity: '1.5' })], undefined)).toThrow();
  });

  it('splits calls by product code and never puts two records of one key in a call', () => {
    const { prepared } = prepareRecords(
      [
        event({ id: 'a' }),
        event({ id: 'b', planId: 'customer-identifier:c1' }),
        event({ id: 'c', dimension: 'storage' }),
        event({ id: 'd' }), // same account, dimension and hour as a
      ],
      'prod-1',
    );
    const calls = planCalls(prepared).map((call) => call.map((record) => record.event.id));
    expect(calls).toEqual([['a', 'c'], ['b'], ['d']]);
  });

  it('keys a record by customer, dimension and epoch second', () => {
    const date = new Date('2026-03-10T09:00:00.000Z');
    expect(recordKey({ CustomerAWSAccountId: '1', Dimension: 'd', Timestamp: date })).toBe(
      recordKey({
        CustomerAWSAccountId: '1',
        CustomerIdentifier: '',
        Dimension: 'd',
        Timestamp: new Date(date),
      }),
    );
  });
});
