import { randomBytes, randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { CLIENT_ID, SECRET, sum, TENANT, waitFor } from '../support/e2e-hub.js';
import { type HubProcess, startHubProcess } from '../support/hub-processes.js';
import { createTestDatabase } from '../support/test-hub.js';

/**
 * Real OS processes, as operators run them: one api process and two worker processes side by side
 * on one Redis and one PostgreSQL, sharing nothing in memory.
 */
let emulator: Emulator;
let api: HubProcess;
let workers: HubProcess[] = [];
const adminKey = `hub_proc_${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET });
  const env = {
    DATABASE_URL: await createTestDatabase(),
    // The processes use the default queue prefix: a Redis database of their own keeps their jobs
    // apart from the other test files' (which use prefixes on database 0).
    REDIS_URL: `${inject('redisUrl').replace(/\/\d*$/, '')}/7`,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
    WORKER_CONCURRENCY: '8',
  };
  const started = await Promise.all([
    startHubProcess('api', env),
    startHubProcess('worker', env),
    startHubProcess('worker', env),
  ]);
  api = started[0];
  workers = started.slice(1);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), ...workers.map((w) => w.stop())]);
  await emulator?.close();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const seed = (subscriptionId: string) =>
  emulator.seedSubscription({
    id: subscriptionId,
    planId: 'gold',
    plans: [{ planId: 'gold', dimensions: [{ id: 'dim-bill', pricePerUnit: '0.01', currency: 'USD' }] }],
  } as never);

async function waitForRun(runId: string, timeoutMs = 30_000) {
  return waitFor(
    async () => {
      const run = (await call('GET', `/v1/integration-runs/${runId}`)).json;
      return ['COMPLETE', 'ERROR', 'AUTH_FAILED', 'SKIPPED'].includes(run.status) ? run : undefined;
    },
    `run ${runId}`,
    timeoutMs,
  );
}

let integrationId: string;

describe('separate api and worker processes', () => {
  it('a bill posted to the api process is sent to Azure by a worker process', async () => {
    const subscriptionId = randomUUID();
    seed(subscriptionId);
    const credential = await call('POST', '/v1/integration-credentials', {
      name: 'azure',
      destination: 'AZURE_MARKETPLACE',
      tenantId: TENANT,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
    });
    expect(credential.status).toBe(201);
    const integration = await call('POST', '/v1/integrations', {
      name: 'proc',
      destination: 'AZURE_MARKETPLACE',
      entityType: 'Bill',
      configData: { marketplaceBillDimension: 'dim-bill' },
    });
    integrationId = integration.json.id;
    await call('PUT', `/v1/integrations/${integrationId}/credential`, {
      credentialId: credential.json.id,
    });
    await call('POST', '/v1/external-mappings', {
      m3terEntity: 'Account',
      m3terId: 'acc-p',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: subscriptionId,
    });
    // Raw JSON text with a number a double cannot hold: it must reach Azure exactly.
    const posted = await call(
      'POST',
      '/v1/bills',
      `{"id":"proc-bill","version":1,"accountId":"acc-p","currency":"USD","status":"APPROVED","lineItems":[{"id":"l1","lineItemType":"USAGE","subtotal":1.234567890123456789}]}`,
    );
    expect(posted.status).toBe(202);
    const run = await waitForRun(posted.json.runs[0].id as string);
    expect(run.status).toBe('COMPLETE');
    expect(
      emulator
        .events()
        .filter((e) => e.resourceId === subscriptionId)
        .map((e) => e.quantity),
    ).toEqual(['123']);
    expect(api.output()).not.toContain(SECRET);
    for (const worker of workers) expect(worker.output()).not.toContain(SECRET);
  });

  it('two worker processes side by side: 50 bills over 25 subscriptions all land exactly once', async () => {
    expect(integrationId).toBeDefined();
    const subscriptions = Array.from({ length: 25 }, () => randomUUID());
    for (const [i, subscriptionId] of subscriptions.entries()) {
      seed(subscriptionId);
      const mapped = await call('POST', '/v1/external-mappings', {
        m3terEntity: 'Account',
        m3terId: `acc-scale-${i}`,
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: subscriptionId,
      });
      expect(mapped.status).toBe(201);
    }
    const bills = subscriptions.flatMap((_, i) => [
      bill(newBillId('scale'), 1, [line('l1', `${i + 1}.00`)], { accountId: `acc-scale-${i}` }),
      bill(newBillId('scale'), 1, [line('l1', '0.50')], { accountId: `acc-scale-${i}` }),
    ]);
    const posted = await Promise.all(bills.map((b) => call('POST', '/v1/bills', b)));
    for (const p of posted) expect(p.status).toBe(202);
    for (const p of posted) expect((await waitForRun(p.json.runs[0].id, 60_000)).status).toBe('COMPLETE');

    for (const [i, subscriptionId] of subscriptions.entries()) {
      const received = emulator.events().filter((e) => e.resourceId === subscriptionId);
      expect(sum(received.map((e) => e.quantity))).toBe(String((i + 1) * 100 + 50));
      // one event per hour slot, never two for the same hour
      expect(new Set(received.map((e) => e.effectiveHour)).size).toBe(received.length);
    }
    const pending = await call('GET', `/v1/usage-events?status=PENDING&integrationConfigId=${integrationId}`);
    expect(pending.json.data).toEqual([]);
    // each worker process has its own client and token cache: both took a share of the submissions
    expect(emulator.stats().tokenRequests.issued).toBeGreaterThanOrEqual(2);
    const batches = emulator.stats().batchSizes;
    expect(Math.max(...Object.keys(batches).map(Number))).toBeLessThanOrEqual(25);
  }, 90_000);
});
