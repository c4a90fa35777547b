import { randomBytes, randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { bootstrap } from '../../src/bootstrap.js';
import { parseEnv } from '../../src/config/env.js';
import { type RunningHub, startRoles } from '../../src/roles/start-roles.js';
import { startWorkers } from '../../src/worker/start-workers.js';
import { createTestDatabase } from './test-hub.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '3b5e2c7a-1d4f-4a8e-9c6b-0f2e7d1a5b9c';
export const SECRET = 'emulator-secret-value-1';

export interface E2eHub {
  hub: RunningHub;
  emulator: Emulator;
  adminKey: string;
  databaseUrl: string;
  call(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a credential, an integration connected to it, and the account mapping. */
  setup(options?: {
    configData?: Record<string, unknown>;
    subscriptionId?: string;
    accountId?: string;
    planId?: string | null;
    dimensions?: string[];
    emails?: string[];
  }): Promise<{ integrationId: string; credentialId: string; subscriptionId: string }>;
  waitForRun(runId: string, statuses: string[], timeoutMs?: number): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/**
 * The hub's api and worker roles in this process against a real PostgreSQL database, a real Redis
 * and the Azure emulator over HTTP. (The process-level e2e test starts real processes instead.)
 */
export async function startE2eHub(
  env: Record<string, string> = {},
  emulatorNow?: () => Date,
): Promise<E2eHub> {
  const emulator = await startEmulator(emulatorNow ? { now: emulatorNow } : {});
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET });
  const databaseUrl = await createTestDatabase();
  const adminKey = `hub_e2e_${randomBytes(12).toString('hex')}`;
  const redisUrl = inject('redisUrl');
  const parsed = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
    WORKER_CONCURRENCY: '8',
    ...env,
  });
  const runtime = await bootstrap(parsed);
  // Each test file gets its own queue namespace on the shared Redis.
  const log = {
    info: () => {},
    warn: (obj: object, message: string) => console.warn(message, obj),
    error: (obj: object, message: string) => console.error(message, obj),
  };
  const hub = await startRoles({
    runtime,
    redisUrl,
    role: 'all',
    listen: null,
    startWorkers: (context) => startWorkers({ ...context, log }),
    queuePrefix: `hub-${randomUUID().slice(0, 8)}`,
  });
  const app = hub.app!;
  const call = (method: string, url: string, payload?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${adminKey}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  return {
    hub,
    emulator,
    adminKey,
    databaseUrl,
    call,
    async setup(options = {}) {
      const subscriptionId = options.subscriptionId ?? randomUUID();
      const dimensions = options.dimensions ?? ['dim-bill', 'dim-a', 'dim-b'];
      const planId = options.planId === undefined ? 'gold' : options.planId;
      emulator.seedSubscription({
        id: subscriptionId,
        planId: planId ?? 'gold',
        plans: [
          {
            planId: planId ?? 'gold',
            dimensions: dimensions.map((id) => ({ id, pricePerUnit: '0.01', currency: 'USD' })),
          },
        ],
      } as never);
      const credential = await call('POST', '/v1/integration-credentials', {
        name: 'azure',
        destination: 'AZURE_MARKETPLACE',
        tenantId: TENANT,
        clientId: CLIENT_ID,
        clientSecret: SECRET,
      });
      if (credential.statusCode !== 201) throw new Error(`credential: ${credential.body}`);
      const integration = await call('POST', '/v1/integrations', {
        name: `azure-${randomUUID().slice(0, 6)}`,
        destination: 'AZURE_MARKETPLACE',
        entityType: 'Bill',
        disabledNotificationEmails: options.emails ?? [],
        configData: options.configData ?? { marketplaceBillDimension: 'dim-bill' },
      });
      if (integration.statusCode !== 201) throw new Error(`integration: ${integration.body}`);
      const integrationId = integration.json().id as string;
      const credentialId = credential.json().id as string;
      const connect = await call('PUT', `/v1/integrations/${integrationId}/credential`, { credentialId });
      if (connect.statusCode !== 200) throw new Error(`connect: ${connect.body}`);
      const mapping = await call('POST', '/v1/external-mappings', {
        m3terEntity: 'Account',
        m3terId: options.accountId ?? 'acc-1',
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: subscriptionId,
        integrationConfigId: integrationId,
        ...(planId ? { metadata: { planId } } : {}),
      });
      if (mapping.statusCode !== 201) throw new Error(`mapping: ${mapping.body}`);
      return { integrationId, credentialId, subscriptionId };
    },
    async waitForRun(runId, statuses, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last: Record<string, any> = {};
      while (Date.now() < until) {
        const res = await call('GET', `/v1/integration-runs/${runId}`);
        last = res.json();
        if (statuses.includes(last.status)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `run ${runId} did not reach ${statuses.join('/')}; last: ${JSON.stringify(last).slice(0, 2000)}`,
      );
    },
    async close() {
      await hub.stop();
      await emulator.close();
    },
  };
}
