import { applyTarget, creditPoolKey, Money, type OverReportPolicy } from '@hub/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * A model of the host: per (bill, dimension) ledger keys and credit pools, driven only by the pure
 * rules. Each step is a new version of one bill with a new target for one dimension.
 */
function simulate(policy: OverReportPolicy, steps: { bill: number; dimension: number; target: string }[]) {
  const reported = new Map<string, Money>();
  const lastTarget = new Map<string, Money>();
  const pools = new Map<string, Money>();
  const sent = new Map<string, Money>();
  const applied = new Map<string, Money>();
  const sends: Money[] = [];
  for (const step of steps) {
    const key = `${step.bill}|${step.dimension}`;
    const pool = creditPoolKey(policy, {
      integrationId: 'i',
      billId: String(step.bill),
      resourceId: 'r',
      dimension: String(step.dimension),
    });
    const target = new Money(step.target);
    const decision = applyTarget({
      target,
      reported: reported.get(key) ?? new Money(0),
      creditAvailable: pools.get(pool) ?? new Money(0),
    });
    pools.set(pool, (pools.get(pool) ?? new Money(0)).minus(decision.creditUsed).plus(decision.creditAdded));
    reported.set(key, decision.reported);
    lastTarget.set(key, target);
    if (decision.send.gt(0)) sends.push(decision.send);
    expect(decision.send.gte(0)).toBe(true);
    // never more than the increase the new version asks for
    expect(decision.send.lte(Money.max(decision.delta, 0))).toBe(true);
    sent.set(key, (sent.get(key) ?? new Money(0)).plus(decision.send));
    applied.set(
      key,
      (applied.get(key) ?? new Money(0)).plus(decision.creditUsed).minus(decision.creditAdded),
    );
  }
  return { reported, lastTarget, pools, sent, applied, sends };
}

const target = fc.integer({ min: -20_000, max: 200_000 }).map((n) => new Money(n).div(100).toFixed());
const steps = fc.array(
  fc.record({ bill: fc.integer({ min: 0, max: 3 }), dimension: fc.integer({ min: 0, max: 1 }), target }),
  { maxLength: 40 },
);
const policy = fc.constantFrom<OverReportPolicy>('CARRY_FORWARD', 'RECORD_ONLY');

describe('reporting ledger', () => {
  it('sent for a bill/dimension = last target − credits applied, to the last decimal', () => {
    fc.assert(
      fc.property(policy, steps, (p, s) => {
        const { sent, lastTarget, applied } = simulate(p, s);
        for (const [key, total] of sent) {
          expect(total.toFixed()).toBe(lastTarget.get(key)!.minus(applied.get(key)!).toFixed());
        }
      }),
    );
  });

  it('never sends a quantity ≤ 0 and never lets a pool go negative', () => {
    fc.assert(
      fc.property(policy, steps, (p, s) => {
        const { sends, pools } = simulate(p, s);
        for (const q of sends) expect(q.gt(0)).toBe(true);
        for (const balance of pools.values()) expect(balance.gte(0)).toBe(true);
      }),
    );
  });

  it('per pool, the destination holds the last targets plus the unused credit: nothing lost, nothing twice', () => {
    fc.assert(
      fc.property(policy, steps, (p, s) => {
        const { sent, lastTarget, pools } = simulate(p, s);
        const sumBy = (map: Map<string, Money>, poolOf: (key: string) => string) => {
          const out = new Map<string, Money>();
          for (const [key, value] of map)
            out.set(poolOf(key), (out.get(poolOf(key)) ?? new Money(0)).plus(value));
          return out;
        };
        const poolOf = (key: string) => {
          const [bill, dimension] = key.split('|');
          return creditPoolKey(p, {
            integrationId: 'i',
            billId: bill!,
            resourceId: 'r',
            dimension: dimension!,
          });
        };
        const sentByPool = sumBy(sent, poolOf);
        const targetByPool = sumBy(lastTarget, poolOf);
        for (const [pool, total] of sentByPool) {
          expect(total.toFixed()).toBe(
            targetByPool
              .get(pool)!
              .plus(pools.get(pool) ?? 0)
              .toFixed(),
          );
        }
      }),
    );
  });

  it('a re-sent identical version sends nothing; a higher one sends the delta; a lower one records a credit', () => {
    const { sends, pools } = simulate('CARRY_FORWARD', [
      { bill: 1, dimension: 0, target: '100' },
      { bill: 1, dimension: 0, target: '100' },
      { bill: 1, dimension: 0, target: '130' },
      { bill: 1, dimension: 0, target: '90' },
    ]);
    expect(sends.map((q) => q.toFixed())).toEqual(['100', '30']);
    expect([...pools.values()].map((q) => q.toFixed())).toEqual(['40']);
  });

  it('CARRY_FORWARD spends the credit on the next bill of the same dimension; RECORD_ONLY does not', () => {
    const history = [
      { bill: 1, dimension: 0, target: '100' },
      { bill: 1, dimension: 0, target: '60' },
      { bill: 2, dimension: 0, target: '50' },
    ];
    expect(simulate('CARRY_FORWARD', history).sends.map((q) => q.toFixed())).toEqual(['100', '10']);
    expect(simulate('RECORD_ONLY', history).sends.map((q) => q.toFixed())).toEqual(['100', '50']);
  });

  it('RECORD_ONLY still never bills a lowered-then-raised bill twice', () => {
    const { sends } = simulate('RECORD_ONLY', [
      { bill: 1, dimension: 0, target: '100' },
      { bill: 1, dimension: 0, target: '60' },
      { bill: 1, dimension: 0, target: '110' },
    ]);
    expect(sends.map((q) => q.toFixed())).toEqual(['100', '10']);
  });
});
