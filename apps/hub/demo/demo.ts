/**
 * `pnpm demo`: the whole flow on this machine in about a minute. Starts the m3ter, Azure Marketplace
 * and AWS Marketplace emulators and the hub (api + workers, embedded PostgreSQL, the Redis given in
 * REDIS_URL), seeds a customer at each destination, one organization with an integration to each
 * (credentials and mappings) and an m3ter source. Bills are created, approved and regenerated in
 * m3ter; the hub fetches them itself (no POST /v1/bills), and the demo prints what Azure and AWS
 * received and the hub's usage report.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsEmulator } from '@hub/aws-marketplace-emulator';
import { startEmulator } from '@hub/azure-marketplace-emulator';
import { startM3terEmulator } from '@hub/m3ter-emulator';
import { bootstrap } from '../src/bootstrap.js';
import { parseEnv } from '../src/config/env.js';
import { startRoles } from '../src/roles/start-roles.js';
import { startWorkers } from '../src/worker/start-workers.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '3b5e2c7a-1d4f-4a8e-9c6b-0f2e7d1a5b9c';
const SECRET = `demo-${randomBytes(6).toString('hex')}`;
const SUBSCRIPTION = randomUUID();
// AWS: the hub's own IAM user, the seller's role it assumes, the product and one buyer.
const HUB_KEYS = {
  accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
  secretAccessKey: randomBytes(20).toString('base64'),
};
const SELLER = '222233334444';
const ROLE_ARN = `arn:aws:iam::${SELLER}:role/integration-hub-metering`;
const EXTERNAL_ID = `demo-${randomBytes(6).toString('hex')}`;
const PRODUCT = 'contosometered';
const BUYER = '555566667777';
const LICENSE = `arn:aws:license-manager::${SELLER}:license:l-${randomBytes(16).toString('hex')}`;
// m3ter: the organization the bills come from, and the service user the hub reads them as.
const M3TER_ORG = randomUUID();
const M3TER_KEY = `svc-demo-${randomBytes(4).toString('hex')}`;
const M3TER_SECRET = randomBytes(16).toString('hex');

/** Polls `probe` every 100 ms until it returns something, for at most 30 s. */
async function waitUntil<T>(what: string, probe: () => Promise<T | null | false>): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is required (scripts/demo.sh starts a private redis-server)');
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-demo-'));
  const emulator = await startEmulator();
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
  emulator.seedSubscription({
    id: SUBSCRIPTION,
    planId: 'gold',
    plans: [
      {
        planId: 'gold',
        dimensions: ['compute', 'storage'].map((id) => ({ id, pricePerUnit: '0.01', currency: 'USD' })),
      },
    ],
  } as never);
  const aws = await startAwsEmulator();
  aws.seedAccessKey({ ...HUB_KEYS, accountId: '111122223333' });
  aws.seedRole({ roleArn: ROLE_ARN, externalId: EXTERNAL_ID, trustedAccountIds: ['111122223333'] });
  aws.seedProduct({ productCode: PRODUCT, dimensions: ['compute', 'storage'], sellerAccountId: SELLER });
  aws.seedCustomer({ customerAwsAccountId: BUYER, productCode: PRODUCT, licenseArn: LICENSE });
  const m3ter = await startM3terEmulator();
  m3ter.seedOrganization({ orgId: M3TER_ORG });
  m3ter.seedServiceUser({ orgId: M3TER_ORG, accessKeyId: M3TER_KEY, apiSecret: M3TER_SECRET });
  m3ter.createAccount({
    orgId: M3TER_ORG,
    id: 'acc-contoso',
    name: 'Contoso',
    code: 'contoso',
    customFields: { country: 'UK' },
  });
  const adminKey = `hub_demo_${randomBytes(12).toString('hex')}`;
  const env = parseEnv({
    ...process.env,
    HUB_DATA_DIR: dataDir,
    DATABASE_URL: '',
    HUB_BOOTSTRAP_API_KEY: adminKey,
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
    AWS_MARKETPLACE_METERING_URL: aws.meteringUrl,
    AWS_STS_URL: aws.stsUrl,
    M3TER_API_URL: m3ter.url,
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  console.log('› starting the hub (embedded PostgreSQL) and the m3ter, Azure and AWS emulators');
  const runtime = await bootstrap(env, { migrate: true });
  const hub = await startRoles({
    runtime,
    redisUrl,
    role: 'all',
    listen: { host: '127.0.0.1', port: 0 },
    startWorkers,
  });
  const base = hub.address!;
  // biome-ignore lint/suspicious/noExplicitAny: demo output is read loosely
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as any;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  };
  try {
    console.log(`› hub at ${base}; emulators: m3ter ${m3ter.url}, Azure ${emulator.url}, AWS ${aws.url}`);
    const credential = await call('POST', '/v1/integration-credentials', {
      name: 'Contoso app',
      destination: 'AZURE_MARKETPLACE',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
    });
    console.log(
      '› credential verify:',
      JSON.stringify(await call('POST', `/v1/integration-credentials/${credential.id}/verify`)),
    );
    const integration = await call('POST', '/v1/integrations', {
      name: 'Azure Marketplace',
      destination: 'AZURE_MARKETPLACE',
      entityType: 'Bill',
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT', excludedLineItemTypes: ['MINIMUM_SPEND'] },
    });
    await call('PUT', `/v1/integrations/${integration.id}/credential`, { credentialId: credential.id });
    await call('POST', '/v1/external-mappings', {
      m3terEntity: 'Account',
      m3terId: 'acc-contoso',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: SUBSCRIPTION,
      metadata: { planId: 'gold' },
    });
    await call('POST', '/v1/external-mappings', {
      m3terEntity: 'Product',
      m3terId: 'prod-compute',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Dimension',
      externalId: 'compute',
    });
    await call('POST', '/v1/external-mappings', {
      m3terEntity: 'Product',
      m3terId: 'prod-storage',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Dimension',
      externalId: 'storage',
    });

    const awsCredential = await call('POST', '/v1/integration-credentials', {
      name: 'Contoso seller role',
      destination: 'AWS_MARKETPLACE',
      region: 'us-east-1',
      roleArn: ROLE_ARN,
      externalId: EXTERNAL_ID,
      ...HUB_KEYS,
    });
    console.log(
      '› AWS credential verify (AssumeRole, then GetCallerIdentity):',
      JSON.stringify(await call('POST', `/v1/integration-credentials/${awsCredential.id}/verify`)),
    );
    const awsIntegration = await call('POST', '/v1/integrations', {
      name: 'AWS Marketplace',
      destination: 'AWS_MARKETPLACE',
      entityType: 'Bill',
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT', excludedLineItemTypes: ['MINIMUM_SPEND'] },
    });
    await call('PUT', `/v1/integrations/${awsIntegration.id}/credential`, { credentialId: awsCredential.id });
    await call('POST', '/v1/external-mappings', {
      m3terEntity: 'Account',
      m3terId: 'acc-contoso',
      externalSystem: 'AwsMarketplace',
      externalTable: 'Customer',
      externalId: BUYER,
      metadata: { licenseArn: LICENSE },
    });
    for (const product of ['compute', 'storage']) {
      await call('POST', '/v1/external-mappings', {
        m3terEntity: 'Product',
        m3terId: `prod-${product}`,
        externalSystem: 'AwsMarketplace',
        externalTable: 'Dimension',
        externalId: product,
      });
    }
    const destinationOf = new Map([
      [integration.id as string, 'Azure'],
      [awsIntegration.id as string, 'AWS'],
    ]);

    // The bills come from m3ter: a source on the m3ter emulator, no POST /v1/bills anywhere.
    const source = await call('POST', '/v1/sources', {
      type: 'M3TER',
      name: 'm3ter (emulator)',
      settings: { organizationId: M3TER_ORG },
      credential: { accessKeyId: M3TER_KEY, apiSecret: M3TER_SECRET },
      schedule: 30,
    });
    console.log(
      '› m3ter source verify (OAuth client credentials):',
      JSON.stringify(await call('POST', `/v1/sources/${source.id}/verify`)),
    );
    await waitUntil(
      'the first sync',
      async () => (await call('GET', `/v1/sources/${source.id}`)).cursor !== null,
    );
    const lines = (compute: number, storage: number) => [
      { lineItemType: 'USAGE', productId: 'prod-compute', subtotal: compute, description: 'vCPU hours' },
      { lineItemType: 'USAGE', productId: 'prod-storage', subtotal: storage, description: 'GB-months' },
      { lineItemType: 'MINIMUM_SPEND', productId: 'prod-compute', subtotal: 100 },
    ];
    const billA = m3ter.createBill({
      orgId: M3TER_ORG,
      accountId: 'acc-contoso',
      status: 'PENDING',
      lineItems: lines(12.34, 0.5),
    });
    const billB = m3ter.createBill({
      orgId: M3TER_ORG,
      accountId: 'acc-contoso',
      status: 'APPROVED',
      lineItems: lines(3, 1.25),
    });
    const steps: [string, () => { id: string; version: number }][] = [
      [
        'm3ter: bill A approved ($12.34 compute, $0.50 storage)',
        () => m3ter.approveBill(M3TER_ORG, billA.id),
      ],
      ['m3ter: bill B created approved ($3.00 compute, $1.25 storage)', () => billB],
      [
        'm3ter: bill A regenerated ($15.00 compute, $0.50 storage)',
        () => m3ter.regenerateBill(M3TER_ORG, billA.id, lines(15, 0.5)),
      ],
    ];
    for (const [label, step] of steps) {
      const bill = step();
      console.log(`› ${label}: v${bill.version}; the hub syncs it`);
      await call('POST', `/v1/sources/${source.id}/sync`);
      for (const destination of destinationOf.keys()) {
        const run = await waitUntil(`the run of ${bill.id} v${bill.version}`, async () => {
          const runs = (await call('GET', `/v1/integration-runs?entityType=Bill&entityId=${bill.id}`))
            .data as {
            id: string;
            integrationConfigId: string;
            billVersion: number;
            status: string;
          }[];
          const found = runs.find(
            (r) => r.integrationConfigId === destination && r.billVersion === bill.version,
          );
          if (!found || !['COMPLETE', 'ERROR', 'AUTH_FAILED', 'SKIPPED'].includes(found.status)) return null;
          return call('GET', `/v1/integration-runs/${found.id}`);
        });
        console.log(
          `  ${destinationOf.get(destination)} run ${run.status}: ${run.usage.map((u: { dimension: string; quantity: string }) => `${u.dimension} +${u.quantity}`).join(', ') || 'nothing new to send'}`,
        );
      }
    }
    console.log('\nWhat Azure received (emulator):');
    console.table(
      emulator.events().map((e) => ({
        dimension: e.dimension,
        quantity: e.quantity,
        hour: e.effectiveStartTime,
        usageEventId: e.usageEventId,
      })),
    );
    console.log('What AWS received (emulator, BatchMeterUsage):');
    console.table(
      aws.records().map((r) => ({
        dimension: r.dimension,
        quantity: r.quantity,
        hour: r.timestamp,
        meteringRecordId: r.meteringRecordId,
      })),
    );
    console.log('Usage report (GET /v1/usage-report):');
    console.log(JSON.stringify(await call('GET', '/v1/usage-report'), null, 2));
  } finally {
    await hub.stop();
    await emulator.close();
    await aws.close();
    await m3ter.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
