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
 * owed to the destination for that bill (pending or accepted), and `ownCredit`: the part of the
 * credit pool this key put there and has not drawn back. Credits of one (integration, resource,
 * dimension) live in ONE pool whatever the policy (`creditPoolKey`); the policy only decides which
 * positive deltas may draw from it:
 * - `CARRY_FORWARD`: any bill of the same subscription and dimension draws from the whole pool;
 * - `RECORD_ONLY`: a bill draws only the credit it put there itself (a bill lowered and raised again
 *   must not bill its customer twice), and never another bill's.
 * Because the pool is one place, switching the policy can neither strand a credit nor spend it twice.
 *
 * Invariant (property-tested against an independent model): per (integration, resource, dimension)
 *   Σ sent = Σ last targets + pool balance, with pool balance ≥ 0,
 * and a usage entry that ends rejected is undone by `releaseRejected`.
 */
export interface LedgerInput {
  /** The new target quantity for the key (may be ≤ 0: a bill can net to a credit). */
  target: Decimal;
  /** What the key already owes the destination (the previous version's target, 0 at first). */
  reported: Decimal;
  /** The balance of the key's (integration, resource, dimension) credit pool (≥ 0). */
  creditAvailable: Decimal;
  /** The part of that pool this key added and has not drawn back (≥ 0). Absent: 0. */
  ownCredit?: Decimal;
  /** Absent: `CARRY_FORWARD`. */
  policy?: OverReportPolicy;
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
  /** The key's new own credit. */
  ownCredit: Decimal;
  /** The part of `creditUsed` that was the key's own credit (given back to it on a rejection). */
  ownCreditUsed: Decimal;
  /** True when the destination already holds more than this version owes. */
  overReported: boolean;
}

const ZERO = new Money(0);

export function applyTarget(input: LedgerInput): LedgerDecision {
  if (input.creditAvailable.isNegative()) throw new RangeError('creditAvailable must not be negative');
  const own = input.ownCredit ?? ZERO;
  if (own.isNegative()) throw new RangeError('ownCredit must not be negative');
  const delta = input.target.minus(input.reported);
  if (delta.gt(0)) {
    const drawable = drawableCredit(input.policy ?? 'CARRY_FORWARD', input.creditAvailable, own);
    const creditUsed = Money.min(drawable, delta);
    // Its own credit is drawn first.
    const ownCreditUsed = Money.min(own, creditUsed);
    return {
      delta,
      send: delta.minus(creditUsed),
      creditUsed,
      creditAdded: ZERO,
      reported: input.target,
      ownCredit: own.minus(ownCreditUsed),
      ownCreditUsed,
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
      ownCredit: own.plus(delta.neg()),
      ownCreditUsed: ZERO,
      overReported: true,
    };
  }
  return {
    delta,
    send: ZERO,
    creditUsed: ZERO,
    creditAdded: ZERO,
    reported: input.target,
    ownCredit: own,
    ownCreditUsed: ZERO,
    overReported: false,
  };
}

/**
 * What a positive delta may take from the pool under a policy. Another bill may have spent part of
 * this key's own credit (under `CARRY_FORWARD`), so even its own credit is capped by the balance.
 */
export function drawableCredit(policy: OverReportPolicy, poolBalance: Decimal, ownCredit: Decimal): Decimal {
  return policy === 'CARRY_FORWARD' ? poolBalance : Money.min(poolBalance, ownCredit);
}

/** A usage entry as the ledger wrote it: what it owed and what it drew from the pool. */
export interface LedgerEntryEffect {
  /** The quantity to send (the delta less the credit used). */
  quantity: Decimal;
  /** Credit the entry drew from the pool. */
  creditUsed: Decimal;
  /** The part of it that was the key's own credit. */
  ownCreditUsed: Decimal;
}

/**
 * Undoes a usage entry that the destination finally rejected: the key owes `quantity + creditUsed`
 * less (both were counted into `reported` when the entry was written) and the credit goes back to
 * its pool (and what was the key's own, to its own credit). A replay, or the next version, then owes exactly what it
 * did before the entry — the operator fixes the cause and nothing is lost or sent twice.
 *
 * (Lowering `reported` by the sent quantity alone while also returning the credit would count the
 * credit twice: the destination holds `reported + pool` and would be owed it again.)
 */
export function releaseRejected(
  state: { reported: Decimal; ownCredit: Decimal; poolBalance: Decimal },
  entry: LedgerEntryEffect,
): { reported: Decimal; ownCredit: Decimal; poolBalance: Decimal } {
  return {
    reported: state.reported.minus(entry.quantity).minus(entry.creditUsed),
    ownCredit: state.ownCredit.plus(entry.ownCreditUsed),
    poolBalance: state.poolBalance.plus(entry.creditUsed),
  };
}

/**
 * The pool key of a ledger key: one pool per (integration, resource, dimension), whatever the
 * policy. The bill is not part of it (see the module comment).
 */
export function creditPoolKey(key: { integrationId: string; resourceId: string; dimension: string }): string {
  // JSON, not a separator character: unambiguous for any id, and storable as Postgres text. The
  // trailing '*' keeps the encoding of the pools written before policies shared one pool.
  return JSON.stringify([key.integrationId, key.resourceId, key.dimension, '*']);
}
