import { HOUR_MS, Money, type ReadBackQuery, type ReadBackRecord, type SlotQuantity } from '@hub/core';
import type { AzureUsageEventsReport } from './azure-responses.js';
import { parseAzureTime, utcHourOf } from './azure-time.js';

/**
 * Deciding "does Azure hold this event?" from `GET /usageEvents`.
 *
 * What Azure can tell. Its read-back has no per-event rows: each row totals one resource, dimension
 * (and plan) over one UTC day (`usageDate` at 00:00Z, `submittedQuantity`, `submittedCount`), and
 * carries no `usageEventId` and no hour (research/azure-api.md §2; whether rows are always daily is
 * UNCONFIRMED, so rows are summed by the UTC day their `usageDate` falls in, which gives the same
 * day total if they ever come finer). The event in doubt is therefore never seen itself: only the
 * day's total, which also holds every other event of that resource and dimension that day.
 *
 * The rule. The hub knows which of its events Azure accepted (`knownRecorded`) and which others are
 * in doubt too (`unsettled`). For the event's UTC day, with R = Azure's (count, total) summed over
 * every matching row whatever its `reconStatus` (a row Partner Center later rejects was still
 * recorded by the metering API, and re-sending it would bill twice) and K = the hub's known
 * (count, total), the excess E = R − K is what Azure holds beyond the hub's knowledge. The
 * candidates that could make up E are the event in doubt and the day's other unsettled events,
 * leaving out any in an hour a known event already holds (one event per resource, dimension and
 * hour). Then:
 *
 * - E is negative (Azure shows less than the hub knows it accepted): the read-back is behind or the
 *   hub's records are wrong; RETRYABLE, never "not recorded".
 * - E = (0, 0): Azure holds exactly what the hub knows of: the event is NOT recorded.
 * - Otherwise every set of E.count candidates, at most one per hour, whose quantities add up to
 *   E.total is found. The event is RECORDED when all of them contain it, NOT recorded when none
 *   does (the others explain the excess), and undecided (REJECTED, for an operator, with the
 *   numbers) when some do and some don't, or when none exist (Azure holds usage the hub did not
 *   send, or at other quantities).
 *
 * What it cannot distinguish: an event of someone else (another tool, an operator by hand) that
 * has exactly the count and quantity the rule attributes to the hub's event; and, since Azure's
 * sum is of doubles, quantities closer than the tolerance (half a millionth, the hub's finest step
 * for Azure, plus what double rounding of the day's total could account for). It never says "not
 * recorded" while Azure shows more than the hub can explain, so the only way it leads to a second
 * send of the same usage is such a coincidence or a read-back that lags (see `lastAttemptAt` and
 * the client's settle time).
 */

export const DAY_MS = 24 * HOUR_MS;

/** More candidates than this and attribution is not tried (2^16 sets): an operator decides. */
const MAX_CANDIDATES = 16;

export type ReadBackDecision =
  | { kind: 'recorded'; record: ReadBackRecord; basis: string }
  | { kind: 'not-recorded'; basis: string }
  | { kind: 'undecided'; code: 'RETRYABLE' | 'REJECTED'; message: string };

interface Candidate {
  hour: number;
  quantity: InstanceType<typeof Money>;
  inDoubt: boolean;
}

/** Start of the UTC day holding `epochMs`. */
export function utcDayStart(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

function dayText(dayStart: number): string {
  return new Date(dayStart).toISOString().slice(0, 10);
}

function epochOf(text: string, what: string): number {
  const epoch = parseAzureTime(text);
  if (epoch === null) throw new RangeError(`${what} is not an ISO-8601 time: ${JSON.stringify(text)}`);
  return epoch;
}

function positiveQuantity(text: string, what: string): InstanceType<typeof Money> {
  let value: InstanceType<typeof Money>;
  try {
    value = new Money(text);
  } catch {
    throw new RangeError(`${what} is not a decimal: ${JSON.stringify(text)}`);
  }
  if (!value.gt(0)) throw new RangeError(`${what} must be > 0, got ${text}`);
  return value;
}

/**
 * Checks what the host promised (times, positive decimal quantities). Throws RangeError, like
 * `submitBatch` does for a malformed event: a programming error, not Azure's answer.
 */
export function checkReadBackQuery(query: ReadBackQuery): void {
  epochOf(query.event.effectiveStartTime, 'event.effectiveStartTime');
  positiveQuantity(query.event.quantity, 'event.quantity');
  for (const [name, list] of [
    ['knownRecorded', query.knownRecorded],
    ['unsettled', query.unsettled],
  ] as const) {
    list.forEach((item: SlotQuantity, index) => {
      epochOf(item.effectiveStartTime, `${name}[${index}].effectiveStartTime`);
      positiveQuantity(item.quantity, `${name}[${index}].quantity`);
    });
  }
  if (query.lastAttemptAt !== null) epochOf(query.lastAttemptAt, 'lastAttemptAt');
}

/** Half the finest quantity step sent to Azure (6 dp), plus what double rounding of a sum of `terms` could add. */
function tolerance(total: InstanceType<typeof Money>, terms: number): InstanceType<typeof Money> {
  return new Money('0.0000005').plus(
    total
      .abs()
      .times(2 ** -52)
      .times(terms + 1),
  );
}

/** Every index set of `size` candidates, one per hour, adding up to `target` within `tol`. */
function attributions(
  candidates: readonly Candidate[],
  size: number,
  target: InstanceType<typeof Money>,
  tol: InstanceType<typeof Money>,
): Candidate[][] {
  const found: Candidate[][] = [];
  const chosen: Candidate[] = [];
  const walk = (from: number, sum: InstanceType<typeof Money>) => {
    if (chosen.length === size) {
      if (sum.minus(target).abs().lte(tol)) found.push([...chosen]);
      return;
    }
    for (let index = from; index < candidates.length; index++) {
      const candidate = candidates[index]!;
      if (chosen.some((taken) => taken.hour === candidate.hour)) continue;
      chosen.push(candidate);
      walk(index + 1, sum.plus(candidate.quantity));
      chosen.pop();
    }
  };
  walk(0, new Money(0));
  return found;
}

/** Decides from Azure's rows (already fetched; any days, resources, dimensions) per the rule above. */
export function decideReadBack(query: ReadBackQuery, rows: AzureUsageEventsReport): ReadBackDecision {
  const { event } = query;
  const start = epochOf(event.effectiveStartTime, 'event.effectiveStartTime');
  const day = utcDayStart(start);
  const onDay = (item: SlotQuantity) => utcDayStart(epochOf(item.effectiveStartTime, 'a slot')) === day;
  const subject = `${event.resourceId} / ${event.dimension} on ${dayText(day)} (UTC)`;

  // Azure's side: every row of this resource (GUIDs without case) and dimension on that day.
  let azureCount = 0;
  let azureTotal = new Money(0);
  const statuses: string[] = [];
  for (const row of rows) {
    if ((row.usageResourceId ?? '').toLowerCase() !== event.resourceId.toLowerCase()) continue;
    if (row.dimension !== event.dimension) continue;
    const usageDate = row.usageDate ? parseAzureTime(row.usageDate) : null;
    if (usageDate === null) {
      return unreadable(`a row for ${subject} has no readable usageDate (${JSON.stringify(row.usageDate)})`);
    }
    if (utcDayStart(usageDate) !== day) continue;
    let quantity: InstanceType<typeof Money>;
    try {
      quantity = new Money(row.submittedQuantity ?? 'NaN');
    } catch {
      return unreadable(`a row for ${subject} has no readable submittedQuantity`);
    }
    const count = row.submittedCount;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || quantity.isNaN()) {
      return unreadable(`a row for ${subject} has no readable submittedCount or submittedQuantity`);
    }
    azureCount += count;
    azureTotal = azureTotal.plus(quantity);
    const status = row.reconStatus ?? 'Unknown';
    if (!statuses.includes(status)) statuses.push(status);
  }

  // The hub's side.
  const known = query.knownRecorded.filter(onDay);
  const knownHours = new Set(known.map((item) => utcHourOf(epochOf(item.effectiveStartTime, 'a slot'))));
  const knownTotal = known.reduce((sum, item) => sum.plus(item.quantity), new Money(0));
  const azureSays = `Azure's read-back for ${subject} shows ${azureCount} event(s) totalling ${azureTotal.toFixed()}`;
  const hubKnows = `the hub knows Azure accepted ${known.length} totalling ${knownTotal.toFixed()}`;
  const hour = utcHourOf(start);
  if (knownHours.has(hour)) {
    return {
      kind: 'not-recorded',
      basis: `the hub knows another of its events holds the hour of this one (${event.effectiveStartTime}), and Azure keeps one event per hour`,
    };
  }

  const excessCount = azureCount - known.length;
  const excessTotal = azureTotal.minus(knownTotal);
  const tol = tolerance(azureTotal, azureCount);
  if (excessCount < 0 || excessTotal.lt(tol.neg())) {
    return {
      kind: 'undecided',
      code: 'RETRYABLE',
      message: `${azureSays}, less than ${hubKnows}: the read-back is behind (or the hub's records are wrong); ask again later`,
    };
  }

  const candidates: Candidate[] = [{ hour, quantity: new Money(event.quantity), inDoubt: true }];
  for (const other of query.unsettled.filter(onDay)) {
    const otherHour = utcHourOf(epochOf(other.effectiveStartTime, 'a slot'));
    // Azure holds one event per hour: a known event's hour cannot also hold an unsettled one.
    if (!knownHours.has(otherHour)) {
      candidates.push({ hour: otherHour, quantity: new Money(other.quantity), inDoubt: false });
    }
  }
  if (candidates.length > MAX_CANDIDATES) {
    return {
      kind: 'undecided',
      code: 'REJECTED',
      message: `${azureSays}; ${hubKnows}; ${candidates.length} events of that day are in doubt, too many to attribute the difference: an operator must decide`,
    };
  }

  const sets = attributions(candidates, excessCount, excessTotal, tol);
  const withThis = sets.filter((set) => set.some((candidate) => candidate.inDoubt));
  const difference = `the difference is ${excessCount} event(s) totalling ${excessTotal.toFixed()}`;
  if (sets.length > 0 && withThis.length === sets.length) {
    return {
      kind: 'recorded',
      record: { quantity: event.quantity, receiptId: null, status: statuses.join(', ') || 'Unknown' },
      basis: `${azureSays}; ${hubKnows}; ${difference}, which only this event (${event.quantity} at ${event.effectiveStartTime}) can account for`,
    };
  }
  if (sets.length > 0 && withThis.length === 0) {
    return {
      kind: 'not-recorded',
      basis:
        excessCount === 0
          ? `${azureSays}; ${hubKnows}: nothing more, so this event (${event.quantity} at ${event.effectiveStartTime}) is not recorded`
          : `${azureSays}; ${hubKnows}; ${difference}, which the day's other unsettled events account for without this one`,
    };
  }
  return {
    kind: 'undecided',
    code: 'REJECTED',
    message:
      sets.length === 0
        ? `${azureSays}; ${hubKnows}; ${difference}, which no choice of the hub's events in doubt (this one: ${event.quantity} at ${event.effectiveStartTime}) accounts for: Azure holds usage the hub did not send, or at other quantities; an operator must decide`
        : `${azureSays}; ${hubKnows}; ${difference}, which this event or the day's other unsettled events could account for: an operator must decide`,
  };
}

function unreadable(message: string): ReadBackDecision {
  return {
    kind: 'undecided',
    code: 'RETRYABLE',
    message: `Azure's usage read-back could not be read: ${message}`,
  };
}
