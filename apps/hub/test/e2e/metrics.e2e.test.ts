import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DB_FIGURES_TTL_MS } from '../../src/http/plugins/metrics.plugin.js';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, SETTLED, startE2eHub, type Tenant, waitFor } from '../support/e2e-hub.js';

/**
 * http-api.md "Operations": /metrics counts requests, runs by status, destination outcomes and the
 * quantities reported. After real work (bills through the worker to the emulator) each moves by
 * exactly what was done. The figures read from Postgres are reused for DB_FIGURES_TTL_MS; the test
 * holds the plugin's clock (Date.now) at chosen instants during each scrape, so no test waits 30 s
 * and none depends on how long anything took. That mock is process-wide (BullMQ reads Date.now too),
 * so every scrape happens with nothing in flight: each run settled, and the one retry left minutes away.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

/** Instants 'far enough apart' for the cache: one TTL and a second. */
const STEP = DB_FIGURES_TTL_MS + 1_000;
const origin = Date.now();

/** A scrape of the hub's own /metrics, with Date.now held at `origin + step × STEP` meanwhile. */
async function scrape(step: number): Promise<string> {
  const clock = vi.spyOn(Date, 'now').mockReturnValue(origin + step * STEP);
  try {
    const res = await e2e.hub.app!.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  } finally {
    clock.mockRestore();
  }
}

/** The sum of a metric's samples whose labels include `labels` (0 when there is none). */
function value(body: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const row of body.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(row);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    if (Object.entries(labels).every(([key, wanted]) => found[key] === wanted)) total += Number(match[3]);
  }
  return total;
}

/** How much each metric moved from one scrape to the next. */
const delta =
  (before: string, after: string) =>
  (name: string, labels: Record<string, string> = {}) =>
    value(after, name, labels) - value(before, name, labels);

/** The tenant's API, counting every request it makes to the hub. */
function counting(t: Tenant) {
  let requests = 0;
  const call = (method: string, url: string, payload?: unknown) => {
    requests++;
    return t.call(method, url, payload);
  };
  return {
    get requests() {
      return requests;
    },
    call,
    async postBill(body: unknown): Promise<string> {
      const res = await call('POST', '/v1/bills', body);
      expect(res.statusCode, res.body).toBe(202);
      return res.json().runs[0].id;
    },
    async settle(runId: string, statuses = SETTLED): Promise<{ status: string }> {
      return waitFor(
        async () => {
          const run: { status: string } = (await call('GET', `/v1/integration-runs/${runId}`)).json();
          return statuses.includes(run.status) ? run : undefined;
        },
        `run ${runId} to reach ${statuses.join('/')}`,
      );
    },
  };
}

describe('/metrics after real work', { timeout: 120_000 }, () => {
  it('runs by status, accepted events, quantity reported and HTTP requests move by exactly what was done', async () => {
    const t = await e2e.setup({ restrictedAccountIds: ['acc-banned'] });
    const api = counting(t);
    const before = await scrape(1);

    // Three bills sent one after another (so none is merged into another's event): 100 + 250 + 25.
    for (const amount of ['1.00', '2.50', '0.25']) {
      const run = await api.settle(await api.postBill(bill(newBillId('m'), 1, [line('l1', amount)])));
      expect(run.status).toBe('COMPLETE');
    }
    // One for an account without a mapping (ERROR), one for a restricted account (SKIPPED).
    const error = await api.settle(
      await api.postBill(bill(newBillId('m'), 1, [line('l1', '9.00')], { accountId: 'acc-unmapped' })),
    );
    expect(error.status).toBe('ERROR');
    const skipped = await api.settle(
      await api.postBill(bill(newBillId('m'), 1, [line('l1', '9.00')], { accountId: 'acc-banned' })),
    );
    expect(skipped.status).toBe('SKIPPED');
    // A bill the API refuses: a 400, and no run.
    const refused = await api.call('POST', '/v1/bills', { id: 'no-version', lineItems: 'not a list' });
    expect(refused.statusCode).toBe(400);
    // One bill whose usage Azure does not take yet: a 503 asking for an hour's wait (the hub waits its
    // ceiling, 10 minutes), so no retry runs while the figures are read. Owed, not reported.
    e2e.emulator.setFaults({ rate503: 1, retryAfterSeconds: 3_600, routes: ['batchUsageEvent'] });
    try {
      const waiting = await api.postBill(bill(newBillId('m'), 1, [line('l1', '0.10')]));
      expect((await api.settle(waiting, ['AWAITING_RETRY'])).status).toBe('AWAITING_RETRY');
      const retry = await e2e.runtime.services.db
        .selectFrom('usage_events')
        .select('next_attempt_at')
        .where('org_id', '=', t.orgId)
        .where('status', '=', 'PENDING')
        .executeTakeFirstOrThrow();
      expect(retry.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    } finally {
      e2e.emulator.setFaults({});
    }
    expect(t.totals()).toEqual({ 'dim-bill': '375' });

    const after = await scrape(2);
    const moved = delta(before, after);

    expect(moved('hub_runs', { status: 'COMPLETE' })).toBe(3);
    expect(moved('hub_runs', { status: 'ERROR' })).toBe(1);
    expect(moved('hub_runs', { status: 'SKIPPED' })).toBe(1);
    expect(moved('hub_runs', { status: 'AWAITING_RETRY' })).toBe(1);
    expect(moved('hub_runs')).toBe(6);

    const azure = { destination: 'AZURE_MARKETPLACE' };
    expect(moved('hub_destination_events', { ...azure, status: 'ACCEPTED' })).toBe(3);
    expect(moved('hub_destination_events', { ...azure, status: 'PENDING' })).toBe(1);
    expect(moved('hub_destination_events')).toBe(4);
    // Only what Azure accepted: the 10 units still waiting are not in it.
    expect(moved('hub_quantity_reported', azure)).toBe(375);
    expect(moved('hub_quantity_reported')).toBe(375);

    const bills = { method: 'POST', route: '/v1/bills' };
    expect(moved('hub_http_requests_total', { ...bills, status: '202' })).toBe(6);
    expect(moved('hub_http_requests_total', { ...bills, status: '400' })).toBe(1);
    expect(moved('hub_http_request_duration_seconds_count', bills)).toBe(7);
    const polls = api.requests - 7;
    expect(
      moved('hub_http_requests_total', { method: 'GET', route: '/v1/integration-runs/:id', status: '200' }),
    ).toBe(polls);
    // The previous scrape is counted once it has answered; this one is not counted in itself.
    expect(moved('hub_http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    // Nothing else asked the hub anything.
    expect(moved('hub_http_requests_total')).toBe(api.requests + 1);
  });

  it('the database figures are reused within the TTL and read again after it; request counts are live', async () => {
    const t = await e2e.setup();
    const api = counting(t);
    const first = await scrape(10);

    const run = await api.settle(await api.postBill(bill(newBillId('ttl'), 1, [line('l1', '0.40')])));
    expect(run.status).toBe('COMPLETE');

    // The same instant as the last read: the cached figures, but the HTTP counters have moved.
    const cached = await scrape(10);
    expect(delta(first, cached)('hub_runs')).toBe(0);
    expect(delta(first, cached)('hub_quantity_reported')).toBe(0);
    expect(delta(first, cached)('hub_http_requests_total')).toBe(api.requests + 1);

    // One TTL (and a second) later: read again.
    const fresh = await scrape(11);
    expect(delta(first, fresh)('hub_runs', { status: 'COMPLETE' })).toBe(1);
    expect(delta(first, fresh)('hub_destination_events', { status: 'ACCEPTED' })).toBe(1);
    expect(delta(first, fresh)('hub_quantity_reported')).toBe(40);
  });
});
