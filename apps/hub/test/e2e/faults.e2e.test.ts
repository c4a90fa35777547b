import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, type Tenant, waitFor } from '../support/e2e-hub.js';

/**
 * The emulator misbehaving: throttling, server errors, dropped connections and lost responses
 * (processed and recorded, but never answered). Whatever happens, every owed quantity lands exactly
 * once and every run ends COMPLETE.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterEach(() => {
  e2e.emulator.setFaults({});
});
afterAll(async () => e2e?.close());

const injected = () => e2e.emulator.stats().faultsInjected;

type Faults = Parameters<E2eHub['emulator']['setFaults']>[0];
type FaultStat = keyof ReturnType<typeof injected>;

/**
 * Every call fails with `first` until one did, then the `then` faults hit at random: the fault is
 * certainly exercised, and the retries that follow meet faults at random.
 */
async function faultAtFirstThenAtRandom(first: Faults, stat: FaultStat, then: Faults) {
  const before = injected()[stat];
  e2e.emulator.setFaults(first);
  return async () => {
    await waitFor(() => injected()[stat] > before, `a ${stat} fault`);
    e2e.emulator.setFaults(then);
  };
}

async function postMany(t: Tenant, accounts: string[], perAccount: number) {
  const expected = new Map<string, number>();
  const posts = [];
  for (const account of accounts) {
    for (let i = 1; i <= perAccount; i++) {
      posts.push(t.postBill(bill(newBillId(), 1, [line('l1', `${i}.00`)], { accountId: account })));
      expected.set(account, (expected.get(account) ?? 0) + i * 100);
    }
  }
  return { posted: await Promise.all(posts), expected };
}

/** Every run COMPLETE; per subscription and dimension the emulator holds exactly the expected total, once. */
async function expectExactlyOnce(
  t: Tenant,
  runIds: string[],
  expected: Map<string, string>,
  timeoutMs = 60_000,
) {
  for (const runId of runIds) {
    const run = await t.waitForRun(runId, ['COMPLETE', 'ERROR', 'AUTH_FAILED'], timeoutMs);
    expect(run.status, JSON.stringify(run.error)).toBe('COMPLETE');
  }
  for (const [subscription, total] of expected) expect(t.totals(subscription)).toEqual({ 'dim-bill': total });
  const accepted = await t.usageEvents({ status: 'ACCEPTED' });
  const pending = await t.usageEvents({ status: 'PENDING' });
  expect(pending).toEqual([]);
  // one hub event per emulator event: nothing recorded twice, nothing recorded that the hub lost track of
  const emulatorEvents = [...expected.keys()].flatMap((subscription) => t.received(subscription));
  expect(emulatorEvents).toHaveLength(accepted.length);
}

async function accountsFor(t: Tenant, count: number) {
  const subscriptionOf = new Map<string, string>([[t.accountId, t.subscriptionId]]);
  for (let i = 1; i < count; i++) {
    const account = `${t.accountId}-${i}`;
    subscriptionOf.set(account, await t.addSubscription(account));
  }
  return subscriptionOf;
}

const totalsBySubscription = (subscriptionOf: Map<string, string>, expected: Map<string, number>) =>
  new Map([...expected].map(([account, total]) => [subscriptionOf.get(account)!, String(total)]));

describe('emulator faults', { timeout: 90_000 }, () => {
  it('429 with Retry-After: the retry waits at least Retry-After, then lands once', async () => {
    const t = await e2e.setup();
    e2e.emulator.setFaults({ rate429: 1, retryAfterSeconds: 2, routes: ['batchUsageEvent'] });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    const throttled = await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
    expect(throttled.reason).toBe('AWAITING_RETRY');
    e2e.emulator.setFaults({});
    const run = await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR']);
    expect(run.status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '100' });

    const batches = run.exchanges
      .filter((x: { url: string }) => x.url.includes('/batchUsageEvent'))
      .sort((a: { startedAt: string }, b: { startedAt: string }) => a.startedAt.localeCompare(b.startedAt));
    const first429 = batches.find((x: { status: number }) => x.status === 429);
    const accepted = batches.find((x: { status: number }) => x.status === 200);
    expect(first429.responseHeaders['retry-after']).toBe('2');
    const last429 = batches.filter((x: { status: number }) => x.status === 429).at(-1);
    expect(Date.parse(accepted.startedAt) - Date.parse(last429.startedAt)).toBeGreaterThanOrEqual(1_950);
  });

  it('500 and 503 on every Azure route (fulfillment lookups too): everything lands once', async () => {
    const t = await e2e.setup({ planInMapping: false });
    const subscriptionOf = await accountsFor(t, 4);
    const before = injected();
    const thenAtRandom = await faultAtFirstThenAtRandom({ rate503: 1 }, 'status503', {
      rate500: 0.15,
      rate503: 0.15,
      seed: 7,
    });
    const { posted, expected } = await postMany(t, [...subscriptionOf.keys()], 3);
    await thenAtRandom();
    await expectExactlyOnce(
      t,
      posted.map((p) => p.runId),
      totalsBySubscription(subscriptionOf, expected),
    );
    const after = injected();
    expect(after.status503).toBeGreaterThan(before.status503);
  });

  it('dropped connections: everything lands once', async () => {
    const t = await e2e.setup();
    const subscriptionOf = await accountsFor(t, 4);
    const thenAtRandom = await faultAtFirstThenAtRandom({ dropConnectionRate: 1 }, 'dropConnection', {
      dropConnectionRate: 0.25,
      seed: 11,
    });
    const { posted, expected } = await postMany(t, [...subscriptionOf.keys()], 3);
    await thenAtRandom();
    await expectExactlyOnce(
      t,
      posted.map((p) => p.runId),
      totalsBySubscription(subscriptionOf, expected),
    );
  });

  it('lost responses (recorded by Azure, never answered): the retry finds our own event, nothing is sent twice', async () => {
    const t = await e2e.setup();
    const subscriptionOf = await accountsFor(t, 4);
    const before = e2e.emulator.stats();
    const routes = ['batchUsageEvent' as const];
    const thenAtRandom = await faultAtFirstThenAtRandom({ lostResponseRate: 1, routes }, 'lostResponse', {
      lostResponseRate: 0.25,
      routes,
      seed: 5,
    });
    const { posted, expected } = await postMany(t, [...subscriptionOf.keys()], 3);
    await thenAtRandom();
    await expectExactlyOnce(
      t,
      posted.map((p) => p.runId),
      totalsBySubscription(subscriptionOf, expected),
    );
    const after = e2e.emulator.stats();
    // the resent events were answered Duplicate, recognised as ours
    expect(after.eventStatuses.Duplicate ?? 0).toBeGreaterThan(before.eventStatuses.Duplicate ?? 0);
  });

  it('a lost response for a single event: Duplicate carrying our event counts as accepted, with its usageEventId', async () => {
    const t = await e2e.setup();
    e2e.emulator.setFaults({ lostResponseRate: 1, routes: ['batchUsageEvent'] });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '7.00')]));
    await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
    expect(t.totals()).toEqual({ 'dim-bill': '700' });
    e2e.emulator.setFaults({});
    const run = await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR']);
    expect(run.status).toBe('COMPLETE');
    const [event] = await t.usageEvents();
    const recorded = e2e.emulator.events().find((e) => e.resourceId === t.subscriptionId);
    expect(event).toMatchObject({ status: 'ACCEPTED', usageEventId: recorded?.usageEventId });
    expect(t.received()).toHaveLength(1);
  });

  it('all faults at once, with regenerated bills: Azure holds the last targets, exactly', async () => {
    const t = await e2e.setup({ planInMapping: false });
    const subscriptionOf = await accountsFor(t, 3);
    e2e.emulator.setFaults({
      rate429: 0.1,
      rate500: 0.05,
      rate503: 0.05,
      dropConnectionRate: 0.1,
      lostResponseRate: 0.1,
      latencyMs: 5,
      seed: 3,
    });
    const runIds: string[] = [];
    const expected = new Map<string, string>();
    await Promise.all(
      [...subscriptionOf].map(async ([account, subscription], i) => {
        const id = newBillId('chaos');
        const v1 = await t.postBill(bill(id, 1, [line('l1', `${i + 1}.00`)], { accountId: account }));
        await t.waitForRun(v1.runId, ['COMPLETE'], 60_000);
        const v2 = await t.postBill(bill(id, 2, [line('l1', `${i + 1}.75`)], { accountId: account }));
        runIds.push(v1.runId, v2.runId);
        expected.set(subscription, `${(i + 1) * 100 + 75}`);
      }),
    );
    await expectExactlyOnce(t, runIds, expected);
  });
});
