import { Money, toDecimalString } from '@hub/core';
import {
  listReportAcceptedUsage,
  listReportBills,
  listReportCredits,
  listReportDestinations,
  type ReportFilter,
} from '../repositories/usage.repository.js';
import type { HubServices } from '../services.js';

export interface UsageReportRow {
  accountId: string;
  billId: string;
  /** The destination's short name (its display name without " Marketplace"). */
  externalSystem: string;
  /** dimension → effectiveStartTime (ISO) → accepted quantity (decimal string). */
  reportedUsage: Record<string, Record<string, string>>;
  /** dimension → credit balance (decimal string), only where a credit is held. */
  credits: Record<string, string>;
}

/**
 * The report's name of a destination: the adapter's display name without a trailing
 * " Marketplace" ("Example Marketplace" → "Example"), so a new plugin needs no change here.
 */
export function reportSystemName(services: HubServices, destination: string): string {
  const displayName = services.adapters.get(destination)?.displayName;
  if (!displayName) return destination;
  return displayName.replace(/\s+Marketplace$/i, '') || displayName;
}

/**
 * The usage report, one row per (bill, destination) the bill was run through: accepted usage per
 * dimension and hour (each bill's own share of merged events) and the credits it holds: what its
 * lowered versions over-reported and is still unspent in the (integration, resource, dimension)
 * pool.
 */
export async function buildUsageReport(
  services: HubServices,
  orgId: string,
  filter: ReportFilter,
): Promise<UsageReportRow[]> {
  const { db } = services;
  const bills = await listReportBills(db, orgId, filter);
  if (bills.length === 0) return [];
  const accountOf = new Map(bills.map((bill) => [bill.billId, bill.accountId]));
  const [destinations, usage, credits] = await Promise.all([
    listReportDestinations(db, orgId, filter),
    listReportAcceptedUsage(db, orgId, filter),
    listReportCredits(db, orgId, filter),
  ]);

  const rows = new Map<string, UsageReportRow>();
  const rowOf = (billId: string, destination: string): UsageReportRow | null => {
    const accountId = accountOf.get(billId);
    if (accountId === undefined) return null;
    const key = `${billId}\u0000${destination}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        accountId,
        billId,
        externalSystem: reportSystemName(services, destination),
        reportedUsage: {},
        credits: {},
      };
      rows.set(key, row);
    }
    return row;
  };

  for (const { billId, destination } of destinations) rowOf(billId, destination);
  for (const entry of usage) {
    const row = rowOf(entry.billId, entry.destination);
    if (!row) continue;
    const byTime = row.reportedUsage[entry.dimension] ?? {};
    row.reportedUsage[entry.dimension] = byTime;
    const time = entry.effectiveStartTime.toISOString();
    byTime[time] = add(byTime[time], entry.quantity);
  }
  for (const credit of credits) {
    const row = rowOf(credit.billId, credit.destination);
    if (!row) continue;
    row.credits[credit.dimension] = add(row.credits[credit.dimension], credit.balance);
  }

  return [...rows.values()].sort(
    (a, b) => compare(a.billId, b.billId) || compare(a.externalSystem, b.externalSystem),
  );
}

function add(current: string | undefined, value: string): string {
  return toDecimalString(new Money(current ?? '0').plus(new Money(value)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
