import { describe, expect, it } from 'vitest';
import { addDecimals } from './decimal.js';
import { buildChartSeries, hourLabel, reportToRows, rowsToCsv, totalsByDimension } from './usage-data.js';

describe('addDecimals', () => {
  it('adds exactly', () => {
    expect(addDecimals('0.1', '0.2')).toBe('0.3');
    expect(addDecimals('150', '50')).toBe('200');
    expect(addDecimals('1.25', '-2')).toBe('-0.75');
    expect(addDecimals('9.1234567890123461', '0')).toBe('9.1234567890123461');
    expect(addDecimals('0', '.5')).toBe('0.5');
  });
});

const report = [
  {
    accountId: 'acc-1',
    billId: 'bill-1',
    externalSystem: 'Azure',
    reportedUsage: {
      'dim-b': { '2026-03-01T10:00:00.000Z': '20' },
      'dim-a': { '2026-03-01T10:00:00.000Z': '150', '2026-03-01T09:00:00.000Z': '5' },
    },
    credits: { 'dim-a': '30' },
  },
];

describe('reportToRows', () => {
  it('flattens usage by dimension and hour, then credits', () => {
    expect(reportToRows(report)).toEqual([
      {
        accountId: 'acc-1',
        billId: 'bill-1',
        externalSystem: 'Azure',
        dimension: 'dim-a',
        effectiveStartTime: '2026-03-01T09:00:00.000Z',
        quantity: '5',
        credit: '',
      },
      expect.objectContaining({ dimension: 'dim-a', effectiveStartTime: '2026-03-01T10:00:00.000Z' }),
      expect.objectContaining({ dimension: 'dim-b', quantity: '20' }),
      expect.objectContaining({ dimension: 'dim-a', effectiveStartTime: '', quantity: '', credit: '30' }),
    ]);
  });
  it('filters by dimension and period', () => {
    const rows = reportToRows(report, { dimension: 'dim-a', from: '2026-03-01T09:30:00Z' });
    expect(rows.map((r) => [r.effectiveStartTime, r.quantity, r.credit])).toEqual([
      ['2026-03-01T10:00:00.000Z', '150', ''],
      ['', '', '30'],
    ]);
    expect(reportToRows(report, { to: '2026-03-01T10:00:00Z' }).filter((r) => r.quantity)).toHaveLength(1);
  });
  it('totals per dimension exactly', () => {
    expect(Object.fromEntries(totalsByDimension(reportToRows(report)))).toEqual({
      'dim-a': '155',
      'dim-b': '20',
    });
  });
});

describe('rowsToCsv', () => {
  it('writes a header and quoted, defused cells', () => {
    const csv = rowsToCsv([
      {
        accountId: '=HYPERLINK("x")',
        billId: 'a,b',
        externalSystem: 'Azure',
        dimension: 'dim-a',
        effectiveStartTime: '2026-03-01T09:00:00.000Z',
        quantity: '-5',
        credit: '',
      },
    ]);
    expect(csv).toBe(
      'accountId,billId,externalSystem,dimension,effectiveStartTime,quantity,credit\r\n' +
        `"'=HYPERLINK(""x"")","a,b",Azure,dim-a,2026-03-01T09:00:00.000Z,-5,\r\n`,
    );
  });
});

describe('buildChartSeries', () => {
  it('sums per hour and dimension, marks re-slots, skips the rest', () => {
    const series = buildChartSeries([
      {
        resourceId: 'r',
        dimension: 'dim-b',
        quantity: '20',
        effectiveStartTime: '2026-03-01T10:00:00Z',
        status: 'ACCEPTED',
      },
      {
        resourceId: 'r',
        dimension: 'dim-a',
        quantity: '0.1',
        effectiveStartTime: '2026-03-01T10:00:00Z',
        status: 'ACCEPTED',
      },
      {
        resourceId: 's',
        dimension: 'dim-a',
        quantity: '0.2',
        effectiveStartTime: '2026-03-01T10:00:00Z',
        status: 'PENDING',
      },
      {
        resourceId: 'r',
        dimension: 'dim-a',
        quantity: '7',
        effectiveStartTime: '2026-03-01T08:00:00Z',
        status: 'EXPIRED_RESLOTTED',
      },
      { resourceId: 'r', dimension: 'dim-a', quantity: '9', effectiveStartTime: null, status: 'PENDING' },
      {
        resourceId: 'r',
        dimension: 'dim-c',
        quantity: '9',
        effectiveStartTime: '2026-03-01T08:00:00Z',
        status: 'REJECTED',
      },
    ]);
    expect(series.dimensions).toEqual(['dim-a', 'dim-b']);
    expect(series.notCharted).toBe(2);
    expect(series.points).toEqual([
      { time: '2026-03-01T08:00:00.000Z', quantities: {}, exact: {}, reslotted: '7' },
      {
        time: '2026-03-01T10:00:00.000Z',
        quantities: { 'dim-a': 0.3, 'dim-b': 20 },
        exact: { 'dim-a': '0.3', 'dim-b': '20' },
        reslotted: '',
      },
    ]);
    expect(hourLabel(series.points[0]!.time)).toBe('03-01 08:00');
  });
});

describe('filterEvents', () => {
  const event = (resourceId: string, dimension: string, effectiveStartTime: string | null) => ({
    resourceId,
    dimension,
    effectiveStartTime,
    quantity: '1',
    status: 'ACCEPTED',
  });
  const events = [
    event('ABC', 'dim-a', '2026-03-01T09:00:00Z'),
    event('abc', 'dim-b', '2026-03-01T10:00:00Z'),
    event('other', 'dim-a', null),
  ];
  it('keeps what matches every filter given', async () => {
    const { filterEvents } = await import('./usage-data.js');
    expect(filterEvents(events, {})).toHaveLength(3);
    expect(filterEvents(events, { resourceId: 'abc' })).toHaveLength(2);
    expect(filterEvents(events, { dimension: 'dim-a' })).toHaveLength(2);
    expect(filterEvents(events, { from: '2026-03-01T09:30:00Z' }).map((e) => e.dimension)).toEqual(['dim-b']);
    expect(filterEvents(events, { to: '2026-03-01T10:00:00Z' }).map((e) => e.dimension)).toEqual(['dim-a']);
  });
});
