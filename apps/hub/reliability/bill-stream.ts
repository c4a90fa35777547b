/**
 * The bill stream of a reliability drill, and what the destination should hold after it, taken from
 * the reference model of the ledger (test/support/reference-ledger.ts), never from the drill's own
 * arithmetic (issue 17 item 10).
 *
 * Two parts run at once, while the drill does its damage:
 * - the **main stream**: `count` bills posted by 16 concurrent senders over most subscriptions, every
 *   fifth a regeneration (version 2, higher) of an earlier one, so versions may arrive out of order.
 *   A few of its subscriptions are **suspended mid-run and reactivated** at the emulator: usage sent
 *   meanwhile is rejected (Azure ResourceNotActive, AWS CustomerNotSubscribed) and gives its
 *   quantity back; once everything is quiet the newest version of every bill with a rejection is
 *   replayed (POST /v1/integration-runs/{id}/replay).
 *   Its bills only ever rise, so its subscriptions' pools stay empty: the order in which the hub
 *   happens to process them cannot change what is owed, and the model is fed them in the order they
 *   were posted (re-checked at the end by feeding them to a second model in another order);
 * - **lanes**, one per reserved subscription: scripted bills on that subscription, each version
 *   posted once the previous one went through the ledger, so their order is known and the model can
 *   follow credits exactly: lowered versions (credits), a bill inside the credit (nothing sent), one
 *   beyond it (the credit used up), re-raised versions (credits spent), a version dropping a
 *   dimension, amounts rounded at the integration's decimal places (2 at Azure; whole units at AWS,
 *   where the cents are units already and only the five-decimal bill rounds). Every other lane
 *   suspends its subscription between two versions: the raise sent meanwhile is rejected (quantity
 *   and credit given back), a lowered version still records its credit, and after reactivation the
 *   raise is replayed. Each lane run's usage entries (target, reported before, credit used,
 *   quantity) are compared with the model's as they are written.
 */
import { Money } from '@hub/core';
import { connectDatabase } from '../src/db/connect.js';
import {
  formatQuantity,
  type ModelRun,
  parseQuantity,
  ReferenceLedger,
  type TargetLine,
  targetOf,
} from '../test/support/reference-ledger.js';

export const DIMENSIONS = ['compute', 'storage'];
/** Product `p<i>` maps to `DIMENSIONS[i]`. */
export const productOf = (dimension: number) => `p${dimension}`;

/** How many resources (the last ones) carry lanes. */
export const LANES = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the stream needs of the drill's stack. */
export interface StreamHost {
  /**
   * The destination's resources (Azure subscriptions, AWS customers); `acc-<i>` is mapped to
   * `resources[i]`. Called subscriptions below, whatever the destination calls them.
   */
  resources: string[];
  /** The integration's `quantityDecimalPlaces` (Azure 2, AWS 0). */
  decimalPlaces: number;
  databaseUrl: string;
  /** A call to the hub's API (a broken connection is retried; bills are idempotent by id and version). */
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in drills
  hub(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** Suspends a resource at the destination (its usage is then refused) or reactivates it. */
  setActive(resource: string, active: boolean): Promise<void>;
  /** Until no run is WAITING, STARTED or AWAITING_RETRY. */
  waitForQuiet(): Promise<void>;
  timeoutMs: number;
  log(message: string): void;
}

export interface StreamOptions {
  /**
   * Keep the main stream's suspended subscriptions suspended until `finish()` (default: reactivated
   * at 60 % of the bills): for a drill whose usage reaches the destination only later.
   */
  holdSuspension?: boolean;
}

type Amounts = (string | null)[];
type LaneStep =
  | { kind: 'post'; bill: string; version: number; amounts: Amounts; note: string }
  | { kind: 'suspend' }
  | { kind: 'reactivate' }
  /** Replays the run of the bill's newest version. */
  | { kind: 'replay'; bill: string };

/** Deterministic numbers per lane (mulberry32), so a failing drill can be read and run again. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cents = (c: number) => (c / 100).toFixed(2);
/** A hub decimal string in the model's spelling. */
const normalised = (text: string) => formatQuantity(parseQuantity(text));

/** Lane `lane`'s script (amounts in dollars; unitPrice 0.01, so 1 cent is one unit). */
export function laneScript(lane: number): LaneStep[] {
  const random = seeded(1000 + lane);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const bill = (name: string) => `lane-${lane}-${name}`;
  const post = (name: string, version: number, amounts: Amounts, note: string): LaneStep => ({
    kind: 'post',
    bill: bill(name),
    version,
    amounts,
    note,
  });
  const a1 = [between(500, 900), between(400, 800)];
  const a2 = a1.map((c) => c - between(150, 300));
  const b1 = [between(100, 400), between(100, 400)];
  const creditB = a1[1]! - a2[1]!;
  const suspends = lane % 2 === 0;
  return [
    post('A', 1, a1.map(cents), 'first version'),
    post('B', 1, b1.map(cents), 'another bill'),
    post('A', 2, a2.map(cents), 'lowered: credits'),
    post(
      'C',
      1,
      [cents(between(20, 100)), cents(creditB + between(50, 200))],
      'inside the credit / beyond it',
    ),
    ...(suspends ? [{ kind: 'suspend' } as const] : []),
    post(
      'A',
      3,
      [cents(a1[0]! + between(50, 150)), cents(a2[1]! + between(20, 80))],
      're-raised: credit spent',
    ),
    post('B', 2, [cents(b1[0]! - between(20, 80)), null], 'lowered, storage dropped'),
    ...(suspends ? [{ kind: 'reactivate' } as const, { kind: 'replay', bill: bill('A') } as const] : []),
    // Five decimals: 1.23456 / 0.01 = 123.456, rounded half-up to 123.46 (AWS: 123).
    post(
      'D',
      1,
      [(between(50_000, 300_000) / 100_000).toFixed(5), (between(50_000, 300_000) / 100_000).toFixed(5)],
      'draws the credit; rounded',
    ),
    post('B', 3, [cents(b1[0]! + between(10, 60)), cents(b1[1]!)], 're-raised'),
  ];
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in drills
type Json = any;

/** Statuses a run is in before the ledger has taken it (or while parked). */
const BEFORE_LEDGER = ['WAITING', 'DISABLED', 'AWAITING_CREDENTIAL'];
const FINAL = ['COMPLETE', 'ERROR', 'SKIPPED'];

class LaneStopped extends Error {}

export class BillStream {
  /** The drill integration is CARRY_FORWARD (the default policy). */
  readonly model = new ReferenceLedger({ policy: 'CARRY_FORWARD' });
  /** The drill's own checks that failed, in words. */
  readonly failures: string[] = [];
  fiveHundreds = 0;
  readonly mainSubscriptions: string[];
  readonly laneSubscriptions: string[];
  /** Main-stream subscriptions suspended mid-run. */
  readonly suspendedMain: string[];
  /** Bills whose runs may end ERROR because their subscription was suspended. */
  readonly mayBeRejected = new Set<string>();
  readonly figures = {
    lanePosts: 0,
    laneCreditsAdded: 0,
    laneCreditsUsed: 0,
    laneCoveredByCredit: 0,
    laneRejectedEntries: 0,
    laneReplays: 0,
    suspendedSubscriptions: 0,
    mainRejectedEntries: 0,
    settleReplays: 0,
  };
  private readonly mainPosts: { bill: string; version: number; lines: TargetLine[] }[] = [];
  private readonly suspendedNow = new Set<string>();
  private lanes: Promise<void> | null = null;
  private finished: Promise<void> | null = null;
  private aborted = false;

  constructor(
    private readonly host: StreamHost,
    private readonly options: StreamOptions = {},
  ) {
    const subs = host.resources;
    if (subs.length < LANES + 10) throw new Error(`the drill needs at least ${LANES + 10} subscriptions`);
    this.mainSubscriptions = subs.slice(0, subs.length - LANES);
    this.laneSubscriptions = subs.slice(subs.length - LANES);
    // One main subscription in 40 (5 of 194).
    this.suspendedMain = this.mainSubscriptions.filter((_, i) => i % 40 === 3);
  }

  /** Stops the lanes (the drill failed): nothing goes on posting behind the teardown. */
  abort(): void {
    this.aborted = true;
  }

  /** Resolves once the lanes have stopped, however they ended. */
  async stopped(): Promise<void> {
    await this.lanes?.catch(() => {});
  }

  startLanes(): void {
    if (this.lanes) return;
    this.lanes = Promise.all(this.laneSubscriptions.map((_, lane) => this.runLane(lane))).then(() => {});
    this.lanes.catch(() => {});
  }

  /** Until every lane has run its script. */
  async waitLanes(): Promise<void> {
    this.startLanes();
    await this.lanes;
  }

  /** A bill's lines, and its targets as the model computes them (unitPrice 0.01, 2 places). */
  private billOf(bill: string, version: number, account: number, amounts: Amounts) {
    const resource = this.host.resources[account]!.toLowerCase();
    const body = {
      id: bill,
      version,
      accountId: `acc-${account}`,
      currency: 'USD',
      status: 'APPROVED',
      lineItems: amounts.flatMap((amount, d) =>
        amount === null
          ? []
          : [{ id: `l${d}`, lineItemType: 'USAGE', productId: productOf(d), subtotal: amount }],
      ),
    };
    const lines: TargetLine[] = amounts.flatMap((amount, d) =>
      amount === null
        ? []
        : [
            {
              resource,
              dimension: DIMENSIONS[d]!,
              target: targetOf([amount], { decimalPlaces: this.host.decimalPlaces }),
            },
          ],
    );
    return { body, lines };
  }

  private async postBill(body: unknown): Promise<Json> {
    const res = await this.host.hub('POST', '/v1/bills', body);
    if (res.status >= 500) this.fiveHundreds++;
    if (res.status !== 202 && res.status !== 200)
      throw new Error(`POST /v1/bills ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json;
  }

  private async setStatus(subscription: string, status: 'Subscribed' | 'Suspended'): Promise<void> {
    await this.host.setActive(subscription, status === 'Subscribed');
    if (status === 'Suspended') this.suspendedNow.add(subscription);
    else this.suspendedNow.delete(subscription);
  }

  async suspendMain(): Promise<void> {
    this.figures.suspendedSubscriptions = this.suspendedMain.length;
    for (const sub of this.suspendedMain) await this.setStatus(sub, 'Suspended');
    this.host.log(`suspended ${this.suspendedMain.length} subscriptions`);
  }

  async reactivateMain(): Promise<void> {
    for (const sub of this.suspendedMain)
      if (this.suspendedNow.has(sub)) await this.setStatus(sub, 'Subscribed');
    this.host.log(`reactivated ${this.suspendedMain.length} subscriptions`);
  }

  /** Until `count` main-stream usage entries were rejected, or `ms` passed (the database may be down). */
  private async untilMainRejected(count: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    let seen = 0;
    while (Date.now() < deadline && !this.aborted) {
      try {
        const handle = await connectDatabase({ url: this.host.databaseUrl, poolSize: 1 });
        try {
          const row = await handle.db
            .selectFrom('usage_entries')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('status', '=', 'REJECTED')
            .where('bill_id', 'like', 'drill-bill-%')
            .executeTakeFirstOrThrow();
          seen = Number(row.n);
        } finally {
          await handle.close();
        }
      } catch {
        // mid-restart: asked again
      }
      if (seen >= count) break;
      await sleep(500);
    }
    this.host.log(`${seen} main-stream usage entries rejected before the reactivation`);
  }

  /**
   * The main stream (and the lanes, started alongside): `count` bills by 16 concurrent senders, some
   * regenerated with a higher version; `onProgress` is called every 50 bills.
   */
  async postMain(count: number, onProgress?: (posted: number) => Promise<void>): Promise<void> {
    this.startLanes();
    const subs = this.mainSubscriptions;
    const suspendAt = Math.floor(count * 0.2);
    const reactivateAt = Math.floor(count * 0.6);
    let next = 0;
    let failed = false;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < count && !failed && !this.aborted) {
          const i = next++;
          // Every fifth bill is a regeneration (version 2) of an earlier one with higher amounts.
          const regenerate = i % 5 === 4;
          const billIndex = regenerate ? i - 2 : i;
          const version = regenerate ? 2 : 1;
          const account = billIndex % subs.length;
          const amounts = DIMENSIONS.map((_, d) =>
            cents(((billIndex * 7 + d * 13) % 900) + 100 + (regenerate ? 50 : 0)),
          );
          const bill = `drill-bill-${billIndex}`;
          const { body, lines } = this.billOf(bill, version, account, amounts);
          if (this.suspendedMain.includes(subs[account]!)) this.mayBeRejected.add(bill);
          try {
            await this.postBill(body);
            if (i === suspendAt) await this.suspendMain();
            if (i === reactivateAt && !this.options.holdSuspension) {
              // Mid-run, once the suspension has had its effect: processing may lag the posting.
              await this.untilMainRejected(6, 20_000);
              await this.reactivateMain();
            }
            if (onProgress && i % 50 === 0) await onProgress(i);
          } catch (error) {
            // One sender failing ends them all (and the lanes): nothing goes on posting behind the teardown.
            failed = true;
            this.abort();
            throw error;
          }
          // Fed in the order posted: the main stream's pools hold no credit, so the hub's own order
          // of processing cannot change what is owed (re-checked in finish()).
          this.model.post(bill, version, lines);
          this.mainPosts.push({ bill, version, lines });
        }
      }),
    );
  }

  /**
   * The end of the stream: the lanes done, suspended subscriptions reactivated, every pending usage
   * entry final, the newest version of every main-stream bill with a rejection replayed, and quiet.
   */
  finish(): Promise<void> {
    this.finished ??= this.settle();
    return this.finished;
  }

  private async settle(): Promise<void> {
    await this.waitLanes();
    if (this.suspendedNow.size > 0) {
      for (const sub of [...this.suspendedNow]) await this.setStatus(sub, 'Subscribed');
      this.host.log('reactivated the subscriptions still suspended');
    }
    const handle = await connectDatabase({ url: this.host.databaseUrl, poolSize: 1 });
    try {
      const replayed = new Set<string>();
      for (let pass = 1; pass <= 3; pass++) {
        await this.host.waitForQuiet();
        await this.until('every usage entry to be accepted or rejected', async () => {
          const row = await handle.db
            .selectFrom('usage_entries')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('status', '=', 'PENDING')
            .executeTakeFirstOrThrow();
          return Number(row.n) === 0 ? true : undefined;
        });
        // Main-stream bills with a rejected entry not replayed yet (lanes replay their own).
        const rejected = await handle.db
          .selectFrom('usage_entries')
          .select(['bill_id', 'id'])
          .where('status', '=', 'REJECTED')
          .where('bill_id', 'like', 'drill-bill-%')
          .execute();
        if (pass === 1) this.figures.mainRejectedEntries = rejected.length;
        const bills = [...new Set(rejected.filter((r) => !replayed.has(r.id)).map((r) => r.bill_id))];
        for (const r of rejected) replayed.add(r.id);
        if (bills.length === 0) break;
        for (const bill of bills) {
          const latest = await handle.db
            .selectFrom('integration_runs')
            .select(['id'])
            .where('entity_id', '=', bill)
            .orderBy('bill_version', 'desc')
            .orderBy('dt_created', 'desc')
            .limit(1)
            .executeTakeFirstOrThrow();
          const res = await this.host.hub('POST', `/v1/integration-runs/${latest.id}/replay`);
          if (res.status >= 500) this.fiveHundreds++;
          if (res.status !== 202)
            this.failures.push(`replaying ${bill}: ${res.status} ${JSON.stringify(res.json)}`);
          this.figures.settleReplays++;
        }
      }
      await this.host.waitForQuiet();
    } finally {
      await handle.close();
    }
    // Everything is accepted now that the subscriptions take usage again.
    this.model.deliverPending(() => true);
    for (const problem of this.model.invariants()) this.failures.push(`the model: ${problem}`);
    this.checkOrderInsensitive();
  }

  /** The main stream fed to fresh models in two other orders must owe the same. */
  private checkOrderInsensitive(): void {
    const totals = (order: typeof this.mainPosts) => {
      const model = new ReferenceLedger({ policy: 'CARRY_FORWARD' });
      for (const p of order) model.post(p.bill, p.version, p.lines);
      model.deliverPending(() => true);
      return JSON.stringify(
        [...model.accepted()].flatMap(([r, byDim]) => [...byDim].map(([d, q]) => `${r}|${d}|${q}`)).sort(),
      );
    };
    const asPosted = totals(this.mainPosts);
    const reversed = totals([...this.mainPosts].reverse());
    const versionsFirst = totals([...this.mainPosts].sort((a, b) => b.version - a.version));
    if (asPosted !== reversed || asPosted !== versionsFirst)
      this.failures.push("the main stream's expected totals depend on the order its bills are processed in");
  }

  /** What each (subscription, dimension) should hold, from the model: `${resourceId}|${dimension}`. */
  expected(): Map<string, Money> {
    const expected = new Map<string, Money>();
    for (const [resource, byDimension] of this.model.accepted())
      for (const [dimension, quantity] of byDimension)
        expected.set(`${resource}|${dimension}`, new Money(formatQuantity(quantity)));
    return expected;
  }

  private async until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + this.host.timeoutMs;
    for (;;) {
      if (this.aborted) throw new LaneStopped('the drill was stopped');
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${this.host.timeoutMs} ms waiting for ${what}`);
      await sleep(250);
    }
  }

  /** A run as the hub's API shows it (null while the API cannot answer, e.g. mid-restart). */
  private async readRun(runId: string): Promise<Json | null> {
    try {
      const res = await this.host.hub('GET', `/v1/integration-runs/${runId}`);
      return res.status === 200 ? res.json : null;
    } catch {
      return null;
    }
  }

  private async runLane(lane: number): Promise<void> {
    const subscription = this.laneSubscriptions[lane]!;
    const account = this.host.resources.indexOf(subscription);
    const hubRunOf = new Map<number, string>();
    let suspended = false;
    const label = (what: string) => `lane ${lane} (${subscription}): ${what}`;
    try {
      for (const step of laneScript(lane)) {
        if (this.aborted) return;
        switch (step.kind) {
          case 'post': {
            const { body, lines } = this.billOf(step.bill, step.version, account, step.amounts);
            const answer = await this.postBill(body);
            const run = this.model.post(step.bill, step.version, lines);
            if (!run) throw new Error(label(`${step.bill} v${step.version} was posted twice`));
            this.figures.lanePosts++;
            hubRunOf.set(run.id, answer.runs[0].id);
            await this.follow(
              answer.runs[0].id,
              run,
              suspended,
              label(`${step.bill} v${step.version} (${step.note})`),
            );
            break;
          }
          case 'suspend': {
            // Only once everything sent before is accepted: a suspension must not reject it.
            for (const runId of hubRunOf.values())
              await this.until(label(`run ${runId} to complete before the suspension`), async () => {
                const run = await this.readRun(runId);
                return run &&
                  FINAL.includes(run.status) &&
                  !run.usage.some((u: Json) => u.status === 'PENDING')
                  ? run
                  : undefined;
              });
            await this.setStatus(subscription, 'Suspended');
            for (const run of this.model.runs)
              if (run.bill.startsWith(`lane-${lane}-`)) this.mayBeRejected.add(run.bill);
            suspended = true;
            break;
          }
          case 'reactivate':
            await this.setStatus(subscription, 'Subscribed');
            suspended = false;
            break;
          case 'replay': {
            const latest = this.model.latestVersion(step.bill)!;
            const original = this.model.runs.findLast((r) => r.bill === step.bill && r.version === latest)!;
            const res = await this.host.hub(
              'POST',
              `/v1/integration-runs/${hubRunOf.get(original.id)}/replay`,
            );
            if (res.status >= 500) this.fiveHundreds++;
            if (res.status !== 202)
              throw new Error(label(`replay answered ${res.status} ${JSON.stringify(res.json)}`));
            const run = this.model.replay(original.id);
            hubRunOf.set(run.id, res.json.id);
            this.figures.laneReplays++;
            await this.follow(res.json.id, run, suspended, label(`replay of ${step.bill} v${latest}`));
            break;
          }
        }
      }
    } catch (error) {
      if (error instanceof LaneStopped) return;
      // A lane that failed stops there (finish() reactivates its subscription if need be).
      const message = error instanceof Error ? error.message : String(error);
      this.failures.push(message);
      this.host.log(`lane ${lane} stopped: ${message}`);
    }
  }

  /**
   * Waits until the hub's ledger took the run (suspended: until the run is final, so its rejection is
   * known), then compares the usage entries it wrote with the model's.
   */
  private async follow(runId: string, run: ModelRun, suspended: boolean, what: string): Promise<void> {
    const hub = await this.until(`${what}: run ${runId}`, async () => {
      const answer = await this.readRun(runId);
      if (!answer) return undefined;
      if (suspended)
        return FINAL.includes(answer.status) && !answer.usage.some((u: Json) => u.status === 'PENDING')
          ? answer
          : undefined;
      return BEFORE_LEDGER.includes(answer.status) ? undefined : answer;
    });
    const line = (u: {
      dimension: string;
      target: string;
      reportedBefore: string;
      creditUsed: string;
      quantity: string;
    }) =>
      `${u.dimension} target ${u.target} before ${u.reportedBefore} credit ${u.creditUsed} send ${u.quantity}`;
    const hubUsage = (hub.usage as Json[])
      .map((u) =>
        line({
          dimension: u.dimension,
          target: normalised(u.target),
          reportedBefore: normalised(u.reportedBefore),
          creditUsed: normalised(u.creditUsed),
          quantity: normalised(u.quantity),
        }),
      )
      .sort();
    const modelUsage = run.entries
      .map((e) =>
        line({
          dimension: e.dimension,
          target: formatQuantity(e.target),
          reportedBefore: formatQuantity(e.reportedBefore),
          creditUsed: formatQuantity(e.creditUsed),
          quantity: formatQuantity(e.quantity),
        }),
      )
      .sort();
    if ((hub.status === 'SKIPPED') !== (run.status === 'SKIPPED'))
      throw new Error(`${what}: the hub's run is ${hub.status}, the model's ${run.status}`);
    if (JSON.stringify(hubUsage) !== JSON.stringify(modelUsage))
      throw new Error(
        `${what}: usage entries differ; hub: ${hubUsage.join(' | ') || 'none'}; model: ${modelUsage.join(' | ') || 'none'}`,
      );
    for (const d of run.decisions) {
      if (d.creditAdded > 0n) this.figures.laneCreditsAdded++;
      if (d.creditUsed > 0n) this.figures.laneCreditsUsed++;
      if (d.creditUsed > 0n && d.send === 0n) this.figures.laneCoveredByCredit++;
    }
    if (suspended) {
      // The destination refuses everything while suspended: each entry gives back what it took.
      for (const entry of run.entries) this.model.reject(entry.id);
      this.figures.laneRejectedEntries += run.entries.length;
      const expected = run.entries.length > 0 ? 'ERROR' : 'COMPLETE';
      const statuses = (hub.usage as Json[]).map((u) => u.status);
      if (hub.status !== expected || statuses.some((s: string) => s !== 'REJECTED'))
        throw new Error(
          `${what}: suspended, the hub's run is ${hub.status} with usage ${statuses.join(', ') || 'none'}, expected ${expected}`,
        );
    }
  }
}
