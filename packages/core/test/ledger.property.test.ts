import { applyTarget, creditPoolKey, Money, type OverReportPolicy, releaseRejected } from '@hub/core';
import type { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * A host driven only by core's ledger rules: ledger keys per (bill, dimension), one credit pool per
 * dimension, usage entries that end accepted or rejected, and policy switches between versions. The
 * destination is modelled independently: it only sums what it accepted, and the assertions are made
 * on it, never on the rules' own outputs.
 */
type Step =
  | { kind: 'version'; bill: number; dimension: number; target: string; policy: OverReportPolicy }
  | { kind: 'reject'; pick: number }
  | { kind: 'accept' }
  | { kind: 'replay'; bill: number; dimension: number; policy: OverReportPolicy };

interface Entry {
  key: string;
  dimension: number;
  quantity: Decimal;
  creditUsed: Decimal;
  ownCreditUsed: Decimal;
}

const ZERO = new Money(0);
const keyOf = (bill: number, dimension: number) => `${bill}|${dimension}`;
const poolOf = (dimension: number) =>
  creditPoolKey({ integrationId: 'i', resourceId: 'r', dimension: String(dimension) });

function simulate(steps: readonly Step[]) {
  const reported = new Map<string, Decimal>();
  const ownCredit = new Map<string, Decimal>();
  const pools = new Map<string, Decimal>();
  const lastTarget = new Map<string, Decimal>();
  const highestTarget = new Map<string, Decimal>();
  let pending: Entry[] = [];
  /** The destination: per dimension, what it accepted. */
  const accepted = new Map<number, Decimal>();
  const violations: string[] = [];

  const apply = (bill: number, dimension: number, target: Decimal, policy: OverReportPolicy) => {
    const key = keyOf(bill, dimension);
    const pool = poolOf(dimension);
    const balance = pools.get(pool) ?? ZERO;
    const decision = applyTarget({
      target,
      reported: reported.get(key) ?? ZERO,
      creditAvailable: balance,
      ownCredit: ownCredit.get(key) ?? ZERO,
      policy,
    });
    if (decision.send.isNegative()) violations.push(`negative send ${decision.send}`);
    // Issue 17: under CARRY_FORWARD nothing is sent while the pool holds credit enough for the delta.
    if (
      policy === 'CARRY_FORWARD' &&
      decision.delta.gt(0) &&
      balance.gte(decision.delta) &&
      decision.send.gt(0)
    )
      violations.push(`sent ${decision.send} while the pool held ${balance}`);
    pools.set(pool, balance.minus(decision.creditUsed).plus(decision.creditAdded));
    reported.set(key, decision.reported);
    ownCredit.set(key, decision.ownCredit);
    if (decision.send.gt(0))
      pending.push({
        key,
        dimension,
        quantity: decision.send,
        creditUsed: decision.creditUsed,
        ownCreditUsed: decision.ownCreditUsed,
      });
  };

  for (const step of steps) {
    if (step.kind === 'version') {
      const key = keyOf(step.bill, step.dimension);
      const target = new Money(step.target);
      lastTarget.set(key, target);
      highestTarget.set(key, Money.max(highestTarget.get(key) ?? target, target));
      apply(step.bill, step.dimension, target, step.policy);
    } else if (step.kind === 'replay') {
      const target = lastTarget.get(keyOf(step.bill, step.dimension));
      if (target) apply(step.bill, step.dimension, target, step.policy);
    } else if (step.kind === 'reject') {
      if (pending.length === 0) continue;
      const [entry] = pending.splice(step.pick % pending.length, 1);
      const pool = poolOf(entry!.dimension);
      const released = releaseRejected(
        {
          reported: reported.get(entry!.key) ?? ZERO,
          ownCredit: ownCredit.get(entry!.key) ?? ZERO,
          poolBalance: pools.get(pool) ?? ZERO,
        },
        entry!,
      );
      reported.set(entry!.key, released.reported);
      ownCredit.set(entry!.key, released.ownCredit);
      pools.set(pool, released.poolBalance);
    } else {
      for (const entry of pending)
        accepted.set(entry.dimension, (accepted.get(entry.dimension) ?? ZERO).plus(entry.quantity));
      pending = [];
    }
    for (const balance of pools.values()) if (balance.isNegative()) violations.push(`pool ${balance}`);
  }
  return { reported, pools, lastTarget, highestTarget, accepted, pending, violations, apply };
}

/** After the operator has fixed every cause: each key replayed at its last target, everything accepted. */
function settle(steps: readonly Step[], policy: OverReportPolicy) {
  const state = simulate(steps);
  for (const key of state.lastTarget.keys()) {
    const [bill, dimension] = key.split('|').map(Number) as [number, number];
    state.apply(bill, dimension, state.lastTarget.get(key)!, policy);
  }
  for (const entry of state.pending)
    state.accepted.set(entry.dimension, (state.accepted.get(entry.dimension) ?? ZERO).plus(entry.quantity));
  return state;
}

const target = fc.integer({ min: -20_000, max: 200_000 }).map((n) => new Money(n).div(100).toFixed());
const policy = fc.constantFrom<OverReportPolicy>('CARRY_FORWARD', 'RECORD_ONLY');
const stepArb = (bills: number) =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('version' as const),
        bill: fc.integer({ min: 0, max: bills - 1 }),
        dimension: fc.integer({ min: 0, max: 1 }),
        target,
        policy,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('accept' as const) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('replay' as const),
        bill: fc.integer({ min: 0, max: bills - 1 }),
        dimension: fc.integer({ min: 0, max: 1 }),
        policy,
      }),
    },
  );
const steps = (bills: number) => fc.array(stepArb(bills), { maxLength: 40 });
const RUNS = { numRuns: 500 };

const sumPerDimension = (map: Map<string, Decimal>) => {
  const out = new Map<number, Decimal>();
  for (const [key, value] of map) {
    const dimension = Number(key.split('|')[1]);
    out.set(dimension, (out.get(dimension) ?? ZERO).plus(value));
  }
  return out;
};

describe('reporting ledger', () => {
  it('never sends a quantity ≤ 0, never lets a pool go negative, never sends while CARRY_FORWARD credit covers the delta', () => {
    fc.assert(
      fc.property(steps(3), (s) => {
        expect(simulate(s).violations).toEqual([]);
      }),
      RUNS,
    );
  });

  it('one bill, any versions, rejections and policy switches: the destination never holds more than its highest target, and holds the last target when no credit is outstanding', () => {
    fc.assert(
      fc.property(steps(1), policy, (s, finalPolicy) => {
        const state = settle(s, finalPolicy);
        for (const [key, highest] of state.highestTarget) {
          const dimension = Number(key.split('|')[1]);
          const held = state.accepted.get(dimension) ?? ZERO;
          expect(held.lte(Money.max(highest, 0))).toBe(true);
          if ((state.pools.get(poolOf(dimension)) ?? ZERO).isZero())
            expect(held.toFixed()).toBe(Money.max(state.lastTarget.get(key)!, 0).toFixed());
        }
      }),
      RUNS,
    );
  });

  it('many bills: per subscription and dimension the destination holds the last targets plus the unspent credit, nothing lost, nothing twice', () => {
    fc.assert(
      fc.property(steps(3), policy, (s, finalPolicy) => {
        const state = settle(s, finalPolicy);
        const targets = sumPerDimension(state.lastTarget);
        for (const [dimension, total] of targets) {
          const held = state.accepted.get(dimension) ?? ZERO;
          const pool = state.pools.get(poolOf(dimension)) ?? ZERO;
          // Lowered below zero, a bill owes nothing: its negative target is all credit.
          expect(held.toFixed()).toBe(total.plus(pool).toFixed());
        }
      }),
      RUNS,
    );
  });

  it('a re-sent identical version sends nothing; a higher one sends the delta; a lower one records a credit', () => {
    const v = (t: string) => ({
      kind: 'version' as const,
      bill: 1,
      dimension: 0,
      target: t,
      policy: 'CARRY_FORWARD' as const,
    });
    const state = simulate([v('100'), v('100'), v('130'), v('90')]);
    expect(state.pending.map((e) => e.quantity.toFixed())).toEqual(['100', '30']);
    expect(state.pools.get(poolOf(0))!.toFixed()).toBe('40');
  });

  it('CARRY_FORWARD spends the credit on the next bill of the same dimension; RECORD_ONLY does not', () => {
    const history = (p: OverReportPolicy): Step[] => [
      { kind: 'version', bill: 1, dimension: 0, target: '100', policy: p },
      { kind: 'version', bill: 1, dimension: 0, target: '60', policy: p },
      { kind: 'version', bill: 2, dimension: 0, target: '50', policy: p },
    ];
    expect(simulate(history('CARRY_FORWARD')).pending.map((e) => e.quantity.toFixed())).toEqual([
      '100',
      '10',
    ]);
    expect(simulate(history('RECORD_ONLY')).pending.map((e) => e.quantity.toFixed())).toEqual(['100', '50']);
  });

  it('a credit recorded under RECORD_ONLY is spent once after a switch to CARRY_FORWARD, and vice versa', () => {
    const state = simulate([
      { kind: 'version', bill: 1, dimension: 0, target: '100', policy: 'RECORD_ONLY' },
      { kind: 'version', bill: 1, dimension: 0, target: '60', policy: 'RECORD_ONLY' },
      { kind: 'version', bill: 1, dimension: 0, target: '100', policy: 'CARRY_FORWARD' },
      { kind: 'version', bill: 1, dimension: 0, target: '60', policy: 'CARRY_FORWARD' },
      { kind: 'version', bill: 1, dimension: 0, target: '100', policy: 'RECORD_ONLY' },
    ]);
    expect(state.pending.map((e) => e.quantity.toFixed())).toEqual(['100']);
    expect(state.pools.get(poolOf(0))!.toFixed()).toBe('0');
  });

  it('a rejected entry gives back what it owed and the credit it drew: the replay sends exactly that again', () => {
    const state = simulate([
      { kind: 'version', bill: 1, dimension: 0, target: '100', policy: 'CARRY_FORWARD' },
      { kind: 'accept' },
      { kind: 'version', bill: 1, dimension: 0, target: '50', policy: 'CARRY_FORWARD' },
      { kind: 'version', bill: 1, dimension: 0, target: '120', policy: 'CARRY_FORWARD' },
      { kind: 'reject', pick: 0 },
      { kind: 'replay', bill: 1, dimension: 0, policy: 'CARRY_FORWARD' },
      { kind: 'accept' },
    ]);
    expect(state.accepted.get(0)!.toFixed()).toBe('120');
    expect(state.pools.get(poolOf(0))!.toFixed()).toBe('0');
  });
});
