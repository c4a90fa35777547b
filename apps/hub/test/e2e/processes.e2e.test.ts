import { randomBytes, randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
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
/** The processes' database, read directly: what the hub recorded, not what it says over HTTP. */
let database: DatabaseHandle;
/** One integration with one credential, set up before the tests: each test maps its own accounts. */
let integrationId: string;
const adminKey = `hub_proc_${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET });
  const databaseUrl = await createTestDatabase();
  database = await connectDatabase({ url: databaseUrl, poolSize: 1 });
  const env = {
    DATABASE_URL: databaseUrl,
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
  expect(integration.status).toBe(201);
  integrationId = integration.json.id;
  const connected = await call('PUT', `/v1/integrations/${integrationId}/credential`, {
    credentialId: credential.json.id,
  });
  expect(connected.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), ...workers.map((w) => w.stop())]);
  await emulator?.close();
  await database?.close();
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

const duplicates = () => emulator.stats().eventStatuses.Duplicate ?? 0;

/**
 * Hour slots the hub holds as foreign (Azure answered Duplicate for an event that was not the hub's
 * own, so it was moved to another hour), and events of ours still waiting to be moved for that.
 */
async function foreignSlots() {
  const slots = await database.db
    .selectFrom('usage_slots')
    .select(['resource_id', 'slot_start'])
    .where('foreign_held', '=', true)
    .execute();
  const moving = await database.db
    .selectFrom('usage_events')
    .select(['id', 'error'])
    .where(sql<boolean>`error->>'code' = 'DUPLICATE_FOREIGN'`)
    .execute();
  return [...slots, ...moving];
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

describe('separate api and worker processes', () => {
  it('a bill posted to the api process is sent to Azure by a worker process', async () => {
    const subscriptionId = randomUUID();
    seed(subscriptionId);
    const mapped = await call('POST', '/v1/external-mappings', {
      m3terEntity: 'Account',
      m3terId: 'acc-p',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: subscriptionId,
    });
    expect(mapped.status).toBe(201);
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
    const duplicatesBefore = duplicates();
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
      expect(new Set(received.map((e) => e.effectiveHour)).size).toBe(received.length);
    }
    // One event per hour slot is the hub's doing, not the emulator's: the emulator refuses a second
    // event in a slot (Duplicate), and a hub that had reserved one slot twice would see its second
    // event absorbed as someone else's and moved to another hour, every total still right. So: no
    // event was ever sent into a slot already used, and no slot of ours was taken for a foreign one.
    expect(duplicates() - duplicatesBefore).toBe(0);
    expect(await foreignSlots()).toEqual([]);
    const pending = await call('GET', `/v1/usage-events?status=PENDING&integrationConfigId=${integrationId}`);
    expect(pending.json.data).toEqual([]);
    // each worker process has its own client and token cache: both took a share of the submissions
    expect(emulator.stats().tokenRequests.issued).toBeGreaterThanOrEqual(2);
    const batches = emulator.stats().batchSizes;
    expect(Math.max(...Object.keys(batches).map(Number))).toBeLessThanOrEqual(25);
  }, 90_000);
});
