import { parseJsonLossless, type ReadBackQuery, type SlotQuantity } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { type AzureUsageEventsReport, ZUsageEventsReport } from '../../src/azure-responses.js';
import { checkReadBackQuery, decideReadBack } from '../../src/read-back.js';
import { RESOURCE_ID, usageEvent } from '../support/events.js';

const DAY = '2026-03-09';
const at = (hour: number) => `${DAY}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const slot = (hour: number, quantity: string): SlotQuantity => ({ effectiveStartTime: at(hour), quantity });

/** Rows as the client reads them: JSON text through the lossless parser and the response schema. */
function rows(...fields: Record<string, unknown>[]): AzureUsageEventsReport {
  const json = JSON.stringify(
    fields.map((row) => ({
      usageDate: `${DAY}T00:00:00Z`,
      usageResourceId: RESOURCE_ID,
      dimension: 'email',
      planId: 'gold',
      reconStatus: 'Accepted',
      ...row,
    })),
  ).replace(/"@(-?[\d.]+)"/g, '$1'); // "@0.30000000000000004" → a raw JSON number token
  return ZUsageEventsReport.parse(parseJsonLossless(json));
}

function query(
  quantity: string,
  hour: number,
  knownRecorded: SlotQuantity[] = [],
  unsettled: SlotQuantity[] = [],
): ReadBackQuery {
  return {
    event: usageEvent({ dimension: 'email', quantity, effectiveStartTime: at(hour) }),
    knownRecorded,
    unsettled,
    lastAttemptAt: null,
  };
}

const known = [slot(1, '10'), slot(2, '8')];

describe('decideReadBack: the day-total rule', () => {
  it('nothing on the day at all → not recorded', () => {
    expect(decideReadBack(query('12.5', 5), [])).toMatchObject({ kind: 'not-recorded' });
  });

  it('Azure holds exactly what the hub knows of → not recorded', () => {
    const decision = decideReadBack(
      query('12.5', 5, known),
      rows({ submittedQuantity: 18, submittedCount: 2 }),
    );
    expect(decision.kind).toBe('not-recorded');
    if (decision.kind === 'not-recorded') expect(decision.basis).toContain('2 event(s) totalling 18');
  });

  it('the excess is exactly this event → recorded, with the quantity and the recon status, no receipt', () => {
    const decision = decideReadBack(
      query('12.5', 5, known),
      rows({ submittedQuantity: 30.5, submittedCount: 3, reconStatus: 'Submitted' }),
    );
    expect(decision).toMatchObject({
      kind: 'recorded',
      record: { quantity: '12.5', receiptId: null, status: 'Submitted' },
    });
    if (decision.kind === 'recorded') expect(decision.basis).toContain('only this event');
  });

  it('sums every row of the day (plans, statuses); ignores other days, dimensions and resources', () => {
    const decision = decideReadBack(
      query('12.5', 5, known),
      rows(
        { submittedQuantity: 10, submittedCount: 1, planId: 'silver' },
        // Azure may echo the GUID in upper case, and times without a zone.
        {
          submittedQuantity: 20.5,
          submittedCount: 2,
          usageResourceId: RESOURCE_ID.toUpperCase(),
          usageDate: `${DAY}T00:00:00`,
          reconStatus: 'TestHeaders',
        },
        { submittedQuantity: 99, submittedCount: 9, usageDate: '2026-03-10T00:00:00Z' },
        { submittedQuantity: 99, submittedCount: 9, dimension: 'sms' },
        { submittedQuantity: 99, submittedCount: 9, usageResourceId: '00000000-0000-0000-0000-000000000000' },
      ),
    );
    expect(decision).toMatchObject({ kind: 'recorded', record: { status: 'Accepted, TestHeaders' } });
  });

  it("Azure's sum of doubles (0.1 + 0.2) still matches", () => {
    const decision = decideReadBack(
      query('0.2', 5, [slot(1, '0.1')]),
      rows({ submittedQuantity: '@0.30000000000000004', submittedCount: 2 }),
    );
    expect(decision.kind).toBe('recorded');
    // …but a real difference of one step (6 dp) does not.
    expect(
      decideReadBack(
        query('0.2', 5, [slot(1, '0.1')]),
        rows({ submittedQuantity: 0.300001, submittedCount: 2 }),
      ),
    ).toMatchObject({ kind: 'undecided', code: 'REJECTED' });
  });

  it('Azure shows less than the hub knows it accepted → RETRYABLE (behind), never "not recorded"', () => {
    for (const row of [
      { submittedQuantity: 10, submittedCount: 1 },
      { submittedQuantity: 17, submittedCount: 2 },
    ]) {
      const decision = decideReadBack(query('12.5', 5, known), rows(row));
      expect(decision).toMatchObject({ kind: 'undecided', code: 'RETRYABLE' });
      if (decision.kind === 'undecided') expect(decision.message).toContain('behind');
    }
  });

  it('an excess the hub cannot account for → REJECTED with the numbers (never a guess)', () => {
    const decision = decideReadBack(
      query('12.5', 5, known),
      rows({ submittedQuantity: 25, submittedCount: 3 }),
    );
    expect(decision).toMatchObject({ kind: 'undecided', code: 'REJECTED' });
    if (decision.kind === 'undecided') {
      expect(decision.message).toContain('3 event(s) totalling 25');
      expect(decision.message).toContain('1 event(s) totalling 7');
      expect(decision.message).toContain('did not send');
    }
    // Same count, different total: also not "not recorded".
    expect(
      decideReadBack(query('12.5', 5, known), rows({ submittedQuantity: 19, submittedCount: 2 })),
    ).toMatchObject({ kind: 'undecided', code: 'REJECTED' });
  });

  it('other unsettled events: attributed when only one choice adds up, REJECTED when several do', () => {
    const others = [slot(6, '3')];
    const decide = (total: number, count: number, unsettled = others) =>
      decideReadBack(
        query('5', 5, known, unsettled),
        rows({ submittedQuantity: total, submittedCount: count }),
      );
    expect(decide(21, 3).kind).toBe('not-recorded'); // the other one (3) explains it
    expect(decide(23, 3).kind).toBe('recorded'); // only this one (5)
    expect(decide(26, 4).kind).toBe('recorded'); // both
    expect(decide(23, 3, [slot(6, '5')])).toMatchObject({ kind: 'undecided', code: 'REJECTED' });
  });

  it('one event per hour: a candidate in an hour a known event holds is left out', () => {
    // The unsettled 5 at 01:00 cannot be recorded (the known 10 holds 01:00), so the excess is this one.
    const decision = decideReadBack(
      query('5', 5, known, [slot(1, '5')]),
      rows({ submittedQuantity: 23, submittedCount: 3 }),
    );
    expect(decision.kind).toBe('recorded');
    // Two candidates in the same hour are never both counted.
    expect(
      decideReadBack(query('5', 5, [], [slot(5, '5')]), rows({ submittedQuantity: 10, submittedCount: 2 })),
    ).toMatchObject({ kind: 'undecided', code: 'REJECTED' });
  });

  it("the event's own hour is held by a known event → not recorded", () => {
    const decision = decideReadBack(query('5', 1, known), rows({ submittedQuantity: 23, submittedCount: 3 }));
    expect(decision.kind).toBe('not-recorded');
  });

  it('only the UTC day of the event counts, for known and unsettled events too', () => {
    const yesterday = { effectiveStartTime: '2026-03-08T23:00:00.000Z', quantity: '7' };
    const decision = decideReadBack(
      query('12.5', 5, [...known, yesterday], [yesterday]),
      rows({ submittedQuantity: 30.5, submittedCount: 3 }),
    );
    expect(decision.kind).toBe('recorded');
  });

  it('a matching row it cannot read → RETRYABLE', () => {
    expect(decideReadBack(query('1', 5), rows({ submittedQuantity: 1 }))).toMatchObject({
      kind: 'undecided',
      code: 'RETRYABLE',
    });
    expect(
      decideReadBack(query('1', 5), rows({ submittedQuantity: 1, submittedCount: 1, usageDate: 'soon' })),
    ).toMatchObject({ kind: 'undecided', code: 'RETRYABLE' });
    expect(decideReadBack(query('1', 5), rows({ submittedQuantity: 1, submittedCount: 1.5 }))).toMatchObject({
      kind: 'undecided',
      code: 'RETRYABLE',
    });
  });

  it('reads a double count written as 17.0', () => {
    const decision = decideReadBack(query('1', 5), rows({ submittedQuantity: 1, submittedCount: '@1.0' }));
    expect(decision.kind).toBe('recorded');
  });
});

describe('checkReadBackQuery', () => {
  it('throws RangeError for what the contract rules out', () => {
    expect(() => checkReadBackQuery(query('0', 5))).toThrow(RangeError);
    expect(() => checkReadBackQuery(query('abc', 5))).toThrow(RangeError);
    expect(() => checkReadBackQuery({ ...query('1', 5), lastAttemptAt: 'yesterday' })).toThrow(RangeError);
    expect(() => checkReadBackQuery(query('1', 5, [{ effectiveStartTime: 'x', quantity: '1' }]))).toThrow(
      RangeError,
    );
    expect(() => checkReadBackQuery(query('1', 5, [], [slot(3, '-1')]))).toThrow(RangeError);
    expect(() => checkReadBackQuery(query('1', 5, known, [slot(3, '2')]))).not.toThrow();
  });
});
