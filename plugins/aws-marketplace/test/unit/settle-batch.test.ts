import { describe, expect, it } from 'vitest';
import { type CallAnswer, type PreparedRecord, prepareRecords, settleCalls } from '../../src/index.js';

const LICENSE = 'arn:aws:license-manager::123456789012:license:l-1';
function records(count: number, hour = (index: number) => 9 + (index % 10)): PreparedRecord[] {
  const events = Array.from({ length: count }, (_, index) => ({
    id: `e${index}`,
    resourceId: String(100000000000 + index),
    dimension: 'api_calls',
    quantity: '1',
    effectiveStartTime: new Date(Date.UTC(2026, 2, 10, hour(index))).toISOString(),
    planId: LICENSE,
  }));
  return prepareRecords(events, undefined).prepared;
}

/** A fake AWS: refuses a call holding any `bad` record with `refusal`, else accepts each record. */
function fakeAws(bad: Set<string>, refusal: CallAnswer) {
  const calls: string[][] = [];
  const send = async (group: readonly PreparedRecord[]): Promise<CallAnswer> => {
    calls.push(group.map((record) => record.event.id));
    if (group.some((record) => bad.has(record.event.id))) return refusal;
    return {
      kind: 'records',
      outcomes: group.map((record) => ({ code: 'ACCEPTED', receiptId: `mr-${record.event.id}` })),
    };
  };
  return { send, calls };
}

const codes = (outcomes: Map<PreparedRecord, { code: string }>, all: PreparedRecord[]) =>
  all.map((record) => outcomes.get(record)?.code);

describe('settleCalls', () => {
  it('bisects an invalid call until the bad record is alone: only it is REJECTED, each other sent once', async () => {
    const all = records(25);
    const aws = fakeAws(new Set(['e17']), {
      kind: 'invalid',
      code: 'InvalidUsageDimensionException',
      message: 'InvalidUsageDimensionException: no such dimension',
    });
    const outcomes = await settleCalls([all], { send: aws.send, isOutsideWindow: () => false });
    const expected = all.map((record) => (record.event.id === 'e17' ? 'REJECTED' : 'ACCEPTED'));
    expect(codes(outcomes, all)).toEqual(expected);
    expect(outcomes.get(all[17]!)).toMatchObject({
      destinationStatus: 'InvalidUsageDimensionException',
      message: 'InvalidUsageDimensionException: no such dimension',
    });
    // Every good record was accepted by exactly one call.
    const accepted = aws.calls.filter((call) => !call.includes('e17')).flat();
    expect(accepted.sort()).toEqual(
      all
        .map((r) => r.event.id)
        .filter((id) => id !== 'e17')
        .sort(),
    );
    // log2(25) levels: a handful of calls, not one per record.
    expect(aws.calls.length).toBeLessThanOrEqual(11);
  });

  it('finds several bad records', async () => {
    const all = records(8);
    const aws = fakeAws(new Set(['e0', 'e5', 'e6']), {
      kind: 'invalid',
      code: 'InvalidLicenseException',
      message: 'x',
    });
    const outcomes = await settleCalls([all], { send: aws.send, isOutsideWindow: () => false });
    expect(codes(outcomes, all)).toEqual([
      'REJECTED',
      'ACCEPTED',
      'ACCEPTED',
      'ACCEPTED',
      'ACCEPTED',
      'REJECTED',
      'REJECTED',
      'ACCEPTED',
    ]);
  });

  it('out of bounds: records outside the local window are EXPIRED and the rest resent at once', async () => {
    const all = records(5);
    const aws = fakeAws(new Set(['e3']), {
      kind: 'out-of-bounds',
      code: 'TimestampOutOfBoundsException',
      message: 'old',
    });
    const outcomes = await settleCalls([all], {
      send: aws.send,
      isOutsideWindow: (record) => record.event.id === 'e3',
    });
    expect(codes(outcomes, all)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'EXPIRED', 'ACCEPTED']);
    expect(aws.calls).toEqual([
      ['e0', 'e1', 'e2', 'e3', 'e4'],
      ['e0', 'e1', 'e2', 'e4'],
    ]);
  });

  it('out of bounds with nothing outside by the local rule: bisects to the refused record', async () => {
    const all = records(6);
    const aws = fakeAws(new Set(['e4']), {
      kind: 'out-of-bounds',
      code: 'TimestampOutOfBoundsException',
      message: 'old',
    });
    const outcomes = await settleCalls([all], { send: aws.send, isOutsideWindow: () => false });
    expect(codes(outcomes, all)).toEqual([
      'ACCEPTED',
      'ACCEPTED',
      'ACCEPTED',
      'ACCEPTED',
      'EXPIRED',
      'ACCEPTED',
    ]);
    expect(outcomes.get(all[4]!)?.message).toContain('old');
  });

  it('a whole-call failure answers every record, and the rest of the batch is not sent', async () => {
    const all = records(4);
    const first = all.slice(0, 2);
    const second = all.slice(2);
    const calls: number[] = [];
    const outcomes = await settleCalls([first, second], {
      send: async (group) => {
        calls.push(group.length);
        return {
          kind: 'whole',
          outcome: { code: 'AUTH_FAILED', message: 'UnrecognizedClientException: no' },
        };
      },
      isOutsideWindow: () => false,
    });
    expect(calls).toEqual([2]);
    expect(codes(outcomes, all)).toEqual(['AUTH_FAILED', 'AUTH_FAILED', 'AUTH_FAILED', 'AUTH_FAILED']);
    expect(outcomes.get(all[3]!)?.message).toContain('not sent');
  });

  it('a transient failure mid-split keeps what was settled and answers the rest RETRYABLE', async () => {
    const all = records(4);
    let call = 0;
    const outcomes = await settleCalls([all], {
      send: async (group) => {
        call += 1;
        if (call === 1) return { kind: 'invalid', code: 'InvalidTagException', message: 'bad tag' };
        if (call === 2)
          return { kind: 'records', outcomes: group.map(() => ({ code: 'ACCEPTED' as const })) };
        return {
          kind: 'whole',
          outcome: { code: 'RETRYABLE', message: 'ThrottlingException', retryAfterMs: null },
        };
      },
      isOutsideWindow: () => false,
    });
    expect(codes(outcomes, all)).toEqual(['ACCEPTED', 'ACCEPTED', 'RETRYABLE', 'RETRYABLE']);
  });
});
