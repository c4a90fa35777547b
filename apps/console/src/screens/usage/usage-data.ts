import { addDecimals } from './decimal.js';

/** One row of `GET /v1/usage-report`. */
export interface ReportEntry {
  accountId: string;
  billId: string;
  externalSystem: string;
  reportedUsage: Record<string, Record<string, string>>;
  credits: Record<string, string>;
}

/** One usage event as `GET /v1/usage-events` gives it (the fields the screen uses). */
export interface UsageEventLike {
  resourceId: string;
  dimension: string;
  quantity: string;
  effectiveStartTime: string | null;
  status: string;
}

/** A row of the usage table (and of its CSV): accepted usage in an hour, or a credit held. */
export interface UsageTableRow {
  accountId: string;
  billId: string;
  externalSystem: string;
  dimension: string;
  /** ISO hour; '' on a credit row. */
  effectiveStartTime: string;
  /** Accepted quantity; '' on a credit row. */
  quantity: string;
  /** Credit held for the dimension; '' on a usage row. */
  credit: string;
}

export interface TableFilter {
  dimension?: string;
  /** ISO instants: an hour is kept when from ≤ hour < to. */
  from?: string;
  to?: string;
}

const inPeriod = (iso: string, filter: TableFilter) =>
  (!filter.from || iso >= new Date(filter.from).toISOString()) &&
  (!filter.to || iso < new Date(filter.to).toISOString());

/**
 * The usage report flattened to rows, usage by bill, dimension and hour (oldest first), then each
 * credit held. The report takes only bill and account; dimension and period are applied here.
 */
export function reportToRows(report: readonly ReportEntry[], filter: TableFilter = {}): UsageTableRow[] {
  const rows: UsageTableRow[] = [];
  for (const entry of report) {
    const base = { accountId: entry.accountId, billId: entry.billId, externalSystem: entry.externalSystem };
    for (const dimension of Object.keys(entry.reportedUsage).sort()) {
      if (filter.dimension && dimension !== filter.dimension) continue;
      const byHour = entry.reportedUsage[dimension] ?? {};
      for (const hour of Object.keys(byHour).sort()) {
        if (!inPeriod(new Date(hour).toISOString(), filter)) continue;
        rows.push({ ...base, dimension, effectiveStartTime: hour, quantity: byHour[hour] ?? '', credit: '' });
      }
    }
    for (const dimension of Object.keys(entry.credits).sort()) {
      if (filter.dimension && dimension !== filter.dimension) continue;
      rows.push({
        ...base,
        dimension,
        effectiveStartTime: '',
        quantity: '',
        credit: entry.credits[dimension] ?? '',
      });
    }
  }
  return rows;
}

/** Total accepted quantity per dimension of the rows. */
export function totalsByDimension(rows: readonly UsageTableRow[]): Map<string, string> {
  const totals = new Map<string, string>();
  for (const row of rows) {
    if (!row.quantity) continue;
    totals.set(row.dimension, addDecimals(totals.get(row.dimension) ?? '0', row.quantity));
  }
  return totals;
}

const CSV_HEADER = [
  'accountId',
  'billId',
  'externalSystem',
  'dimension',
  'effectiveStartTime',
  'quantity',
  'credit',
];

/** A CSV cell: quoted when needed; text a spreadsheet would run as a formula is defused. */
function csvCell(value: string): string {
  const numeric = /^-?\d+(\.\d+)?$/.test(value);
  const safe = !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The table as CSV (RFC 4180, CRLF line ends, a header row). */
export function rowsToCsv(rows: readonly UsageTableRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.accountId,
        row.billId,
        row.externalSystem,
        row.dimension,
        row.effectiveStartTime,
        row.quantity,
        row.credit,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Statuses whose quantity the destination has or is being given. */
const COUNTED = new Set(['ACCEPTED', 'PENDING', 'VERIFYING', 'UNCLEAR']);
/** An expired event whose quantity moved to a later hour. */
export const RESLOTTED = 'EXPIRED_RESLOTTED';

export interface ChartPoint {
  /** ISO hour. */
  time: string;
  /** Per dimension: quantity sent (or being sent) in that hour. */
  quantities: Record<string, number>;
  /** Exact per-dimension sums, for the table alternative. */
  exact: Record<string, string>;
  /** Quantity that expired in this hour and was re-slotted later ('' when none). */
  reslotted: string;
}

export interface ChartSeries {
  dimensions: string[];
  points: ChartPoint[];
  /** Events without an hour yet (waiting for a slot) or rejected: not charted. */
  notCharted: number;
}

/**
 * Quantity per dimension and hour from usage events: accepted and in-flight events counted;
 * re-slotted (late) events marked at their original hour; rejected ones and those with no hour yet
 * left out (and counted).
 */
export function buildChartSeries(events: readonly UsageEventLike[]): ChartSeries {
  const byTime = new Map<string, ChartPoint>();
  const dimensions = new Set<string>();
  let notCharted = 0;
  for (const event of events) {
    const counted = COUNTED.has(event.status);
    const late = event.status === RESLOTTED;
    if (!event.effectiveStartTime || (!counted && !late)) {
      notCharted++;
      continue;
    }
    const time = new Date(event.effectiveStartTime).toISOString();
    let point = byTime.get(time);
    if (!point) {
      point = { time, quantities: {}, exact: {}, reslotted: '' };
      byTime.set(time, point);
    }
    if (late) {
      point.reslotted = addDecimals(point.reslotted || '0', event.quantity);
      continue;
    }
    dimensions.add(event.dimension);
    point.exact[event.dimension] = addDecimals(point.exact[event.dimension] ?? '0', event.quantity);
    point.quantities[event.dimension] = Number(point.exact[event.dimension]);
  }
  return {
    dimensions: [...dimensions].sort(),
    points: [...byTime.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)),
    notCharted,
  };
}

/** `2026-03-01T09:00:00.000Z` → `03-01 09:00` (UTC), the chart's axis label. */
export function hourLabel(iso: string): string {
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

export interface EventFilter {
  resourceId?: string;
  dimension?: string;
  /** ISO instants: an event is kept when from ≤ its hour < to. */
  from?: string;
  to?: string;
}

/**
 * The events filters applied again in the browser: the same answer whether or not the hub's list
 * applies them itself (resource ids compared without case, as the hub normalises them).
 */
export function filterEvents<E extends UsageEventLike>(events: readonly E[], filter: EventFilter): E[] {
  const resourceId = filter.resourceId?.toLowerCase();
  return events.filter(
    (event) =>
      (!resourceId || event.resourceId.toLowerCase() === resourceId) &&
      (!filter.dimension || event.dimension === filter.dimension) &&
      (!(filter.from || filter.to) ||
        (event.effectiveStartTime !== null &&
          inPeriod(new Date(event.effectiveStartTime).toISOString(), filter))),
  );
}
