import { randomBytes, randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLIENT_ID, SECRET, TENANT } from '../support/e2e-hub.js';
import { type HubProcess, startHubProcess } from '../support/hub-processes.js';
import { createTestDatabase } from '../support/test-hub.js';

let emulator: Emulator;
let api: HubProcess;
let worker: HubProcess;
const adminKey = `hub_proc_${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET });
  const env = {
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: inject('redisUrl'),
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
  };
  [api, worker] = await Promise.all([startHubProcess('api', env), startHubProcess('worker', env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
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

describe('separate api and worker processes', () => {
  it('a bill posted to the api process is sent to Azure by the worker process', async () => {
    const subscriptionId = randomUUID();
    emulator.seedSubscription({
      id: subscriptionId,
      planId: 'gold',
      plans: [{ planId: 'gold', dimensions: [{ id: 'dim-bill', pricePerUnit: '0.01', currency: 'USD' }] }],
    } as never);
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
    await call('PUT', `/v1/integrations/${integration.json.id}/credential`, {
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
    const runId = posted.json.runs[0].id as string;
    let run: { status: string } = { status: 'WAITING' };
    for (let i = 0; i < 200 && run.status !== 'COMPLETE'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await call('GET', `/v1/integration-runs/${runId}`)).json;
    }
    expect(run.status).toBe('COMPLETE');
    expect(
      emulator
        .events()
        .filter((e) => e.resourceId === subscriptionId)
        .map((e) => e.quantity),
    ).toEqual(['123']);
    expect(api.output()).not.toContain(SECRET);
    expect(worker.output()).not.toContain(SECRET);
  });
});
