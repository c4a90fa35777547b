import type { Decimal } from 'decimal.js';
import type { OverReportPolicy } from '../model/integration-config.js';
import { Money } from '../money/decimal.js';

/**
 * The reporting ledger (domain.md "The reporting ledger"), as pure rules. Destinations such as
 * Azure are write-once and take only positive quantities, so a bill regenerated with a different
 * target cannot be "updated": the hub sends what is still owed and turns what it over-reported into
 * a credit.
 *
 * Per ledger key (integration, bill, resource, dimension) the host keeps `reported`: the quantity
 * already owed to the destination for that bill, net of credits (pending or accepted). Credits live
 * in a *credit pool* whose scope depends on the policy (see `creditPoolScope`).
 *
 * Invariant (property-tested): for every bill and dimension,
 *   sent = lastTarget − creditsApplied, where creditsApplied = creditUsed − creditAdded,
 * and per pool: Σ sent = Σ lastTargets + poolBalance, with poolBalance ≥ 0.
 */
export interface LedgerInput {
  /** The new target quantity for the key (may be ≤ 0: a bill can net to a credit). */
  target: Decimal;
  /** What the key already owes the destination (the previous version's target, 0 at first). */
  reported: Decimal;
  /** The balance of the credit pool this key draws from (≥ 0). */
  creditAvailable: Decimal;
}

export interface LedgerDecision {
  /** `target − reported`. */
  delta: Decimal;
  /** Quantity to send as a new usage entry; 0 means send nothing. Never negative. */
  send: Decimal;
  /** Credit taken from the pool to cover part of a positive delta. */
  creditUsed: Decimal;
  /** Over-reported quantity added to the pool (a negative delta). */
  creditAdded: Decimal;
  /** The key's new `reported`: always the new target. */
  reported: Decimal;
  /** True when the destination already holds more than this version owes. */
  overReported: boolean;
}

const ZERO = new Money(0);

export function applyTarget(input: LedgerInput): LedgerDecision {
  if (input.creditAvailable.isNegative()) throw new RangeError('creditAvailable must not be negative');
  const delta = input.target.minus(input.reported);
  if (delta.gt(0)) {
    const creditUsed = Money.min(input.creditAvailable, delta);
    return {
      delta,
      send: delta.minus(creditUsed),
      creditUsed,
      creditAdded: ZERO,
      reported: input.target,
      overReported: false,
    };
  }
  if (delta.lt(0)) {
    return {
      delta,
      send: ZERO,
      creditUsed: ZERO,
      creditAdded: delta.neg(),
      reported: input.target,
      overReported: true,
    };
  }
  return {
    delta,
    send: ZERO,
    creditUsed: ZERO,
    creditAdded: ZERO,
    reported: input.target,
    overReported: false,
  };
}

/**
 * Which credits a key may draw from.
 * - `CARRY_FORWARD`: one pool per (integration, resource, dimension): an over-report on one bill
 *   reduces what later bills of the same subscription and dimension send.
 * - `RECORD_ONLY`: the credit is only recorded against the bill that caused it; other bills never
 *   use it. The same bill's later versions still draw on it, or a bill lowered and raised again
 *   would bill its customer twice for the same usage.
 */
export function creditPoolScope(policy: OverReportPolicy): 'DIMENSION' | 'BILL' {
  return policy === 'CARRY_FORWARD' ? 'DIMENSION' : 'BILL';
}

/** The pool key for a ledger key under a policy. */
export function creditPoolKey(
  policy: OverReportPolicy,
  key: { integrationId: string; billId: string; resourceId: string; dimension: string },
): string {
  const scope = creditPoolScope(policy);
  const bill = scope === 'BILL' ? key.billId : '*';
  // JSON, not a separator character: unambiguous for any id, and storable as Postgres text.
  return JSON.stringify([key.integrationId, key.resourceId, key.dimension, bill]);
}
