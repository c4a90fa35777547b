/** Injected faults (429, 500, 502, dropped connection, latency, version change) and the rate limit. */
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, callApi, fetchToken, type Harness, lineItems, ORG_ID, startHarness } from './helpers.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.emulator.close();
  harness = undefined;
});

async function started(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

describe('fault injection', () => {
  it.each([
    ['rate429', 429, 'status429'],
    ['rate500', 500, 'status500'],
    ['rate502', 502, 'status502'],
  ] as const)('%s answers %i with m3ter’s {message} body and counts it', async (field, status, kind) => {
    const h = await started();
    h.emulator.setFaults({ [field]: 1, retryAfterSeconds: 7 });
    const response = await callApi(h, '/bills');
    expect(response.status).toBe(status);
    expect(response.json).toEqual({ message: expect.any(String) });
    if (status === 429) expect(response.headers.get('retry-after')).toBe('7');
    expect(h.emulator.stats().faultsInjected[kind]).toBe(1);
    // The token endpoint is not targeted unless listed.
    expect(await fetchToken(h.emulator.url)).toEqual(expect.any(String));
  });

  it('drops the connection without an answer', async () => {
    const h = await started();
    h.emulator.setFaults({ rateDropConnection: 1 });
    await expect(callApi(h, '/bills')).rejects.toThrow();
    expect(h.emulator.stats().faultsInjected.dropConnection).toBe(1);
  });

  it('adds latency and counts it (no timing asserted)', async () => {
    const h = await started();
    h.emulator.setFaults({ latencyMs: 5 });
    expect((await callApi(h, '/bills')).status).toBe(200);
    expect(h.emulator.stats().faultsInjected.latency).toBe(1);
  });

  it('targets only the listed routes; the token endpoint when listed', async () => {
    const h = await started();
    h.emulator.setFaults({ rate500: 1, routes: ['token'] });
    expect((await callApi(h, '/bills')).status).toBe(200);
    await expect(fetchToken(h.emulator.url)).rejects.toThrow(/500/);
  });

  it('is deterministic for a seed: the same sequence of outcomes twice', async () => {
    const h = await started();
    const run = async () => {
      h.emulator.setFaults({ rate429: 0.3, rate500: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let index = 0; index < 20; index++) statuses.push((await callApi(h, '/bills')).status);
      return statuses;
    };
    const first = await run();
    expect(first).toEqual(await run());
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
  });

  it('refuses rates that add up to more than 1 and unknown fields', async () => {
    const h = await started();
    expect(() => h.emulator.setFaults({ rate429: 0.6, rate500: 0.6 })).toThrow(/must not exceed 1/);
    expect(() => h.emulator.setFaults({ rate404: 1 } as never)).toThrow(/invalid fault configuration/);
    expect(h.emulator.faults().rate429).toBe(0);
  });

  it('versionChangeBetweenReads: GET /bills/{id} sees the bill regenerated under it', async () => {
    const h = await started();
    const bill = h.emulator.createBill({
      orgId: ORG_ID,
      accountId: ACCOUNT_ID,
      lineItems: [{ lineItemType: 'USAGE', subtotal: '2.5' }],
    });
    h.emulator.setFaults({ versionChangeBetweenReads: 1 });
    const first = await callApi(h, `/bills/${bill.id}`);
    expect(first.json).toMatchObject({ version: 2, lineItems: [{ subtotal: 3.5 }], billTotal: 3.5 });
    const second = await callApi(h, `/bills/${bill.id}`);
    expect(second.json.version).toBe(3);
    expect(h.emulator.stats().faultsInjected.versionChange).toBe(2);
    const updates = h.emulator.events(ORG_ID).filter((event) => event.eventName === 'billing.bill.updated');
    expect(updates.map((event) => event.m3terEvent.eventData.newDto?.version)).toEqual([3, 2]);
    // Other routes are not affected; the list shows the current version.
    h.emulator.setFaults({});
    expect((await callApi(h, '/bills')).json.data[0].version).toBe(3);
  });
});

describe('rate limit (per organization, rolling second)', () => {
  it('answers 429 with Retry-After and m3ter’s body once the limit is used up', async () => {
    const h = await started({ rateLimitPerSecond: 5 });
    const startedAt = performance.now();
    const responses = await Promise.all(Array.from({ length: 30 }, () => callApi(h, '/bills')));
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const ok = responses.filter((response) => response.status === 200).length;
    const limited = responses.filter((response) => response.status === 429);
    // Count-based: in any stretch of t seconds at most 5 × (⌈t⌉ + 1) calls can pass, however slow the machine.
    expect(ok).toBeLessThanOrEqual(5 * (Math.ceil(elapsedSeconds) + 1));
    expect(ok + limited.length).toBe(30);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
    expect(limited[0]?.json).toEqual({ message: expect.any(String) });
    expect(h.emulator.stats().rateLimited).toBe(limited.length);
  });

  it('0 turns it off', async () => {
    const h = await started({ rateLimitPerSecond: 0 });
    const responses = await Promise.all(Array.from({ length: 60 }, () => callApi(h, '/bills')));
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });
});

describe('inline limit default', () => {
  it('keeps 50 line items inline', async () => {
    const h = await started();
    const bill = h.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: lineItems(50) });
    expect((await callApi(h, `/bills/${bill.id}`)).json.lineItems).toHaveLength(50);
  });
});
