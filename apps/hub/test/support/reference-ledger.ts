/**
 * An independent reference model of the reporting ledger (domain.md "The reporting ledger"), written
 * from the rules as stated there and in issue 17, not from @hub/core: it calls none of `applyTarget`,
 * `releaseRejected`, `Money` or the amount rounding, and keeps every quantity as an exact BigInt. The
 * e2e property test (test/e2e/ledger-model.property.test.ts) and the reliability drills
 * (reliability/drills.ts) compare what the real hub did (PostgreSQL, worker, Redis, the emulator
 * over HTTP) with it.
 *
 * The rules it implements:
 * - a ledger key is (bill, resource, dimension); it holds `reported` (what the destination is owed
 *   for the bill: pending or accepted) and `ownCredit` (credit the key put in its pool and has not
 *   drawn back);
 * - one credit pool per (resource, dimension) of the integration, whatever the policy;
 * - a bill version older than one already put through the ledger is SKIPPED (stale); otherwise every
 *   key of the bill gets its new target (0 for a key the version no longer has):
 *   `delta = target − reported`;
 *   - `delta > 0`: credit is drawn, up to the pool balance under CARRY_FORWARD and up to
 *     min(pool, own credit) under RECORD_ONLY; the key's own credit is drawn first; what the credit
 *     does not cover is sent as one usage entry;
 *   - `delta < 0`: `−delta` goes to the pool and to the key's own credit;
 *   - `reported := target`;
 * - a usage entry the destination finally rejects gives back: `reported −= quantity + creditUsed`,
 *   the credit it drew returns to the pool and the own part of it to the key's own credit;
 * - a replay is a new run of the same bill version (stale when a newer version went through);
 * - targets are `round_half_up(Σ amounts / unitPrice, quantityDecimalPlaces)`, ties away from zero.
 */

export type Policy = 'CARRY_FORWARD' | 'RECORD_ONLY';

// ---------------------------------------------------------------------------------------------
// Exact decimals: quantities are BigInts in units of 10^-SCALE.

/** Decimal places every model quantity carries (targets have at most 6). */
export const SCALE = 12;
const TEN = 10n;

interface Fraction {
  /** The digits as an integer. */
  units: bigint;
  /** How many of them are after the point. */
  scale: number;
}

function fractionOf(text: string): Fraction {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || `${match[2]}${match[3] ?? ''}` === '') throw new RangeError(`not a decimal: ${text}`);
  const digits = `${match[2]}${match[3] ?? ''}`;
  const units = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
  return { units, scale: (match[3] ?? '').length };
}

/** A decimal string (e.g. `"12.5"`, `"-3"`) as model units; refuses digits finer than 10^-SCALE. */
export function parseQuantity(text: string): bigint {
  const { units, scale } = fractionOf(text);
  if (scale <= SCALE) return units * TEN ** BigInt(SCALE - scale);
  const divisor = TEN ** BigInt(scale - SCALE);
  if (units % divisor !== 0n) throw new RangeError(`${text} has more than ${SCALE} decimal places`);
  return units / divisor;
}

/** Model units as the shortest decimal string (`"150"`, `"12.5"`, `"-0.25"`). */
export function formatQuantity(quantity: bigint): string {
  const negative = quantity < 0n;
  const digits = (negative ? -quantity : quantity).toString().padStart(SCALE + 1, '0');
  const whole = digits.slice(0, digits.length - SCALE);
  const fraction = digits.slice(digits.length - SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A dimension's target quantity: `round_half_up(Σ amounts / unitPrice, decimalPlaces)`, an exact tie
 * rounded away from zero (a credit mirrors a charge). Defaults: unitPrice 0.01, 0 places.
 */
export function targetOf(
  amounts: readonly string[],
  options: { unitPrice?: string; decimalPlaces?: number } = {},
): bigint {
  const places = options.decimalPlaces ?? 0;
  if (places < 0 || places > SCALE) throw new RangeError(`decimalPlaces ${places}`);
  const fractions = amounts.map(fractionOf);
  const scale = Math.max(0, ...fractions.map((f) => f.scale));
  const total = fractions.reduce((sum, f) => sum + f.units * TEN ** BigInt(scale - f.scale), 0n);
  const price = fractionOf(options.unitPrice ?? '0.01');
  if (price.units <= 0n) throw new RangeError('unitPrice must be positive');
  // total / 10^scale ÷ price.units / 10^price.scale, times 10^places, as one fraction n / d.
  const n = (total < 0n ? -total : total) * TEN ** BigInt(price.scale + places);
  const d = price.units * TEN ** BigInt(scale);
  const q = n / d;
  const rounded = 2n * (n - q * d) >= d ? q + 1n : q;
  return (total < 0n ? -rounded : rounded) * TEN ** BigInt(SCALE - places);
}

/** The smaller of two quantities (Math.min takes no BigInts). */
export const minQuantity = (a: bigint, b: bigint) => (a < b ? a : b);
const min = minQuantity;

// ---------------------------------------------------------------------------------------------
// The ledger.

/** One (resource, dimension) target of a bill version. */
export interface TargetLine {
  resource: string;
  dimension: string;
  target: bigint;
}

export type EntryStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED';

/** A usage entry: what one run sends for one key. */
export interface ModelEntry {
  id: number;
  runId: number;
  bill: string;
  version: number;
  resource: string;
  dimension: string;
  target: bigint;
  reportedBefore: bigint;
  /** What is sent (the delta less the credit drawn); always > 0. */
  quantity: bigint;
  creditUsed: bigint;
  /** The part of `creditUsed` that was the key's own credit. */
  ownCreditUsed: bigint;
  status: EntryStatus;
}

/** What a run decided for one key, whether or not it sent anything. */
export interface ModelDecision {
  resource: string;
  dimension: string;
  target: bigint;
  reportedBefore: bigint;
  delta: bigint;
  /** The pool balance and the key's own credit just before this decision. */
  poolBefore: bigint;
  ownBefore: bigint;
  creditUsed: bigint;
  creditAdded: bigint;
  send: bigint;
}

export type ModelRunStatus = 'SKIPPED' | 'COMPLETE' | 'STARTED' | 'ERROR';

export interface ModelRun {
  id: number;
  bill: string;
  version: number;
  /** The run this one replays, or null for a posted version. */
  replayOf: number | null;
  policy: Policy;
  /** SKIPPED: stale; STARTED: entries pending; ERROR: one was rejected; COMPLETE otherwise. */
  status: ModelRunStatus;
  decisions: ModelDecision[];
  entries: ModelEntry[];
}

interface KeyState {
  bill: string;
  resource: string;
  dimension: string;
  reported: bigint;
  ownCredit: bigint;
}

const ledgerKey = (bill: string, resource: string, dimension: string) =>
  JSON.stringify([bill, resource, dimension]);
const poolKey = (resource: string, dimension: string) => JSON.stringify([resource, dimension]);

/** The ledger of one integration, fed bill versions, replays, policy switches and delivery outcomes. */
export class ReferenceLedger {
  policy: Policy;
  readonly runs: ModelRun[] = [];
  private readonly versions = new Map<string, Map<number, TargetLine[]>>();
  /** Per bill: the newest version put through the ledger. */
  private readonly latest = new Map<string, number>();
  private readonly keys = new Map<string, KeyState>();
  private readonly pools = new Map<string, bigint>();
  private readonly entries: ModelEntry[] = [];

  constructor(options: { policy?: Policy } = {}) {
    this.policy = options.policy ?? 'CARRY_FORWARD';
  }

  setPolicy(policy: Policy): void {
    this.policy = policy;
  }

  /**
   * A bill version arrives and is processed. Null when that version was posted before: the hub
   * answers with the runs it already has and owes nothing new.
   */
  post(bill: string, version: number, lines: readonly TargetLine[]): ModelRun | null {
    let byVersion = this.versions.get(bill);
    if (!byVersion) {
      byVersion = new Map();
      this.versions.set(bill, byVersion);
    }
    if (byVersion.has(version)) return null;
    const seen = new Set<string>();
    for (const line of lines) {
      const key = poolKey(line.resource, line.dimension);
      // A target is rounded once from the dimension's summed amounts (targetOf): never summed here.
      if (seen.has(key)) throw new RangeError(`two targets for ${line.dimension} of ${bill} v${version}`);
      seen.add(key);
    }
    byVersion.set(
      version,
      lines.map((line) => ({ ...line })),
    );
    return this.process(bill, version, null);
  }

  /** A replay of a run: a new run of the same bill version. */
  replay(runId: number): ModelRun {
    const original = this.run(runId);
    return this.process(original.bill, original.version, runId);
  }

  run(runId: number): ModelRun {
    const run = this.runs[runId];
    if (!run) throw new RangeError(`no run ${runId}`);
    return run;
  }

  /** The destination accepted an entry. */
  accept(entryId: number): void {
    const entry = this.pendingEntry(entryId);
    entry.status = 'ACCEPTED';
    this.refresh(entry.runId);
  }

  /** The destination finally rejected an entry: its quantity and the credit it drew come back. */
  reject(entryId: number): void {
    const entry = this.pendingEntry(entryId);
    entry.status = 'REJECTED';
    const key = this.keys.get(ledgerKey(entry.bill, entry.resource, entry.dimension))!;
    key.reported -= entry.quantity + entry.creditUsed;
    key.ownCredit += entry.ownCreditUsed;
    const pool = poolKey(entry.resource, entry.dimension);
    this.pools.set(pool, (this.pools.get(pool) ?? 0n) + entry.creditUsed);
    this.refresh(entry.runId);
  }

  /** Delivers every pending entry: accepted where `accepts` says so, rejected otherwise. */
  deliverPending(accepts: (entry: ModelEntry) => boolean = () => true): ModelEntry[] {
    const pending = this.entries.filter((e) => e.status === 'PENDING');
    for (const entry of pending) {
      if (accepts(entry)) this.accept(entry.id);
      else this.reject(entry.id);
    }
    return pending;
  }

  pendingEntries(): ModelEntry[] {
    return this.entries.filter((e) => e.status === 'PENDING');
  }

  /** The newest version of a bill put through the ledger (undefined: none yet). */
  latestVersion(bill: string): number | undefined {
    return this.latest.get(bill);
  }

  /** The versions posted for a bill, oldest first. */
  postedVersions(bill: string): number[] {
    return [...(this.versions.get(bill)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Bills with an entry the destination rejected. */
  billsWithRejections(): string[] {
    return [...new Set(this.entries.filter((e) => e.status === 'REJECTED').map((e) => e.bill))];
  }

  pool(resource: string, dimension: string): bigint {
    return this.pools.get(poolKey(resource, dimension)) ?? 0n;
  }

  reported(bill: string, resource: string, dimension: string): bigint {
    return this.keys.get(ledgerKey(bill, resource, dimension))?.reported ?? 0n;
  }

  ownCredit(bill: string, resource: string, dimension: string): bigint {
    return this.keys.get(ledgerKey(bill, resource, dimension))?.ownCredit ?? 0n;
  }

  /** The ledger keys of a bill. */
  keysOf(bill: string): { resource: string; dimension: string; reported: bigint; ownCredit: bigint }[] {
    return [...this.keys.values()]
      .filter((k) => k.bill === bill)
      .map(({ resource, dimension, reported, ownCredit }) => ({ resource, dimension, reported, ownCredit }));
  }

  /** What the destination accepted, per resource and dimension. */
  accepted(): Map<string, Map<string, bigint>> {
    const result = new Map<string, Map<string, bigint>>();
    for (const entry of this.entries) {
      if (entry.status !== 'ACCEPTED') continue;
      const byDimension = result.get(entry.resource) ?? new Map<string, bigint>();
      result.set(entry.resource, byDimension);
      byDimension.set(entry.dimension, (byDimension.get(entry.dimension) ?? 0n) + entry.quantity);
    }
    return result;
  }

  /** What the destination accepted for one resource, per dimension (dimensions with nothing left out). */
  acceptedFor(resource: string): Record<string, bigint> {
    return Object.fromEntries(this.accepted().get(resource) ?? new Map());
  }

  /**
   * The model's own invariants, in words (none: they hold). Per pool: what is owed to the
   * destination (entries not rejected) equals Σ reported of its keys plus the pool balance; no
   * balance or own credit is negative.
   */
  invariants(): string[] {
    const problems: string[] = [];
    const owed = new Map<string, bigint>();
    for (const entry of this.entries) {
      if (entry.status === 'REJECTED') continue;
      const pool = poolKey(entry.resource, entry.dimension);
      owed.set(pool, (owed.get(pool) ?? 0n) + entry.quantity);
    }
    const held = new Map<string, bigint>(this.pools);
    for (const key of this.keys.values()) {
      const pool = poolKey(key.resource, key.dimension);
      held.set(pool, (held.get(pool) ?? 0n) + key.reported);
      if (key.ownCredit < 0n) problems.push(`own credit of ${key.bill} ${key.dimension} is ${key.ownCredit}`);
    }
    for (const pool of new Set([...owed.keys(), ...held.keys()])) {
      if ((owed.get(pool) ?? 0n) !== (held.get(pool) ?? 0n))
        problems.push(
          `pool ${pool}: sent ${formatQuantity(owed.get(pool) ?? 0n)} ≠ reported + credit ${formatQuantity(held.get(pool) ?? 0n)}`,
        );
    }
    for (const [pool, balance] of this.pools) if (balance < 0n) problems.push(`pool ${pool} is ${balance}`);
    return problems;
  }

  private pendingEntry(entryId: number): ModelEntry {
    const entry = this.entries[entryId];
    if (!entry) throw new RangeError(`no entry ${entryId}`);
    if (entry.status !== 'PENDING') throw new Error(`entry ${entryId} is already ${entry.status}`);
    return entry;
  }

  private refresh(runId: number): void {
    const run = this.run(runId);
    if (run.entries.some((e) => e.status === 'REJECTED')) run.status = 'ERROR';
    else if (run.entries.every((e) => e.status === 'ACCEPTED')) run.status = 'COMPLETE';
    else run.status = 'STARTED';
  }

  private process(bill: string, version: number, replayOf: number | null): ModelRun {
    const run: ModelRun = {
      id: this.runs.length,
      bill,
      version,
      replayOf,
      policy: this.policy,
      status: 'COMPLETE',
      decisions: [],
      entries: [],
    };
    this.runs.push(run);
    const latest = this.latest.get(bill);
    if (latest !== undefined && version < latest) {
      run.status = 'SKIPPED';
      return run;
    }
    this.latest.set(bill, version);

    // Every key the bill has reported before gets a target: this version's, or 0 when it has none.
    const targets = new Map<string, TargetLine>();
    for (const key of this.keys.values())
      if (key.bill === bill) targets.set(poolKey(key.resource, key.dimension), { ...key, target: 0n });
    for (const line of this.versions.get(bill)!.get(version)!)
      targets.set(poolKey(line.resource, line.dimension), line);

    for (const [pool, { resource, dimension, target }] of [...targets].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      const id = ledgerKey(bill, resource, dimension);
      let key = this.keys.get(id);
      if (!key) {
        key = { bill, resource, dimension, reported: 0n, ownCredit: 0n };
        this.keys.set(id, key);
      }
      const poolBefore = this.pools.get(pool) ?? 0n;
      const ownBefore = key.ownCredit;
      const reportedBefore = key.reported;
      const delta = target - reportedBefore;
      let creditUsed = 0n;
      let creditAdded = 0n;
      let send = 0n;
      if (delta > 0n) {
        const drawable = this.policy === 'CARRY_FORWARD' ? poolBefore : min(poolBefore, ownBefore);
        creditUsed = min(drawable, delta);
        const ownCreditUsed = min(ownBefore, creditUsed);
        send = delta - creditUsed;
        this.pools.set(pool, poolBefore - creditUsed);
        key.ownCredit = ownBefore - ownCreditUsed;
        if (send > 0n) {
          const entry: ModelEntry = {
            id: this.entries.length,
            runId: run.id,
            bill,
            version,
            resource,
            dimension,
            target,
            reportedBefore,
            quantity: send,
            creditUsed,
            ownCreditUsed,
            status: 'PENDING',
          };
          this.entries.push(entry);
          run.entries.push(entry);
        }
      } else if (delta < 0n) {
        creditAdded = -delta;
        this.pools.set(pool, poolBefore + creditAdded);
        key.ownCredit = ownBefore + creditAdded;
      }
      key.reported = target;
      run.decisions.push({
        resource,
        dimension,
        target,
        reportedBefore,
        delta,
        poolBefore,
        ownBefore,
        creditUsed,
        creditAdded,
        send,
      });
    }
    run.status = run.entries.length > 0 ? 'STARTED' : 'COMPLETE';
    return run;
  }
}
