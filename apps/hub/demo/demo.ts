/**
 * `pnpm demo`: the whole flow on this machine in about a minute. Starts the Azure Marketplace and
 * AWS Marketplace emulators and the hub (api + workers, embedded PostgreSQL, the Redis given in
 * REDIS_URL), seeds a customer at each, one organization with an integration to each destination
 * (credentials and mappings), posts three bills (one of them regenerated), then prints what Azure and
 * AWS received and the hub's usage report.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAwsEmulator } from '@hub/aws-marketplace-emulator';
import { startEmulator } from '@hub/azure-marketplace-emulator';
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
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  console.log('› starting the hub (embedded PostgreSQL) and the Azure and AWS emulators');
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
    console.log(`› hub at ${base}, Azure emulator at ${emulator.url}, AWS emulator at ${aws.url}`);
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

    const bill = (id: string, version: number, compute: number, storage: number) => ({
      id,
      version,
      accountId: 'acc-contoso',
      status: 'APPROVED',
      currency: 'USD',
      lineItems: [
        {
          id: `${id}-1`,
          lineItemType: 'USAGE',
          productId: 'prod-compute',
          subtotal: compute,
          description: 'vCPU hours',
        },
        {
          id: `${id}-2`,
          lineItemType: 'USAGE',
          productId: 'prod-storage',
          subtotal: storage,
          description: 'GB-months',
        },
        { id: `${id}-3`, lineItemType: 'MINIMUM_SPEND', productId: 'prod-compute', subtotal: 100 },
      ],
    });
    for (const [label, body] of [
      ['bill A v1 ($12.34 compute, $0.50 storage)', bill('bill-a', 1, 12.34, 0.5)],
      ['bill B v1 ($3.00 compute, $1.25 storage)', bill('bill-b', 1, 3, 1.25)],
      ['bill A v2, regenerated ($15.00 compute, $0.50 storage)', bill('bill-a', 2, 15, 0.5)],
    ] as const) {
      const posted = await call('POST', '/v1/bills', body);
      console.log(`› posted ${label}: ${posted.runs.length} runs, one per destination`);
      for (const { id, integrationConfigId } of posted.runs as {
        id: string;
        integrationConfigId: string;
      }[]) {
        const until = Date.now() + 30_000;
        for (;;) {
          const run = await call('GET', `/v1/integration-runs/${id}`);
          if (['COMPLETE', 'ERROR', 'AUTH_FAILED'].includes(run.status)) {
            console.log(
              `  ${destinationOf.get(integrationConfigId)} run ${run.status}: ${run.usage.map((u: { dimension: string; quantity: string }) => `${u.dimension} +${u.quantity}`).join(', ') || 'nothing new to send'}`,
            );
            break;
          }
          if (Date.now() > until) throw new Error(`run stuck in ${run.status}`);
          await new Promise((r) => setTimeout(r, 100));
        }
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
