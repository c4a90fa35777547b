import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { AwsEmulator } from '@hub/aws-marketplace-emulator';
import type { LightMyRequestResponse } from 'fastify';
import { type E2eHub, SETTLED, sum, waitFor } from './e2e-hub.js';

/**
 * An AWS Marketplace integration on the e2e hub, against the AWS emulator over HTTP: the hub's own
 * identity (an IAM user's keys, kept in the credential as the source identity), the seller's role it
 * assumes with an ExternalId, a product with dimensions, and one buyer account with a license per
 * mapped account. Each `setupAws` is its own seller role and product, so tests never share state.
 */

/** The account the hub's own IAM user lives in. */
export const HUB_ACCOUNT = '111111111111';

export interface AwsSetupOptions {
  /** An existing organization (its key) to add the AWS integration to; default a new one. */
  org?: { orgId: string; key: string };
  configData?: Record<string, unknown>;
  accountId?: string;
  /** Dimensions the product lists (default `dim-bill`, `dim-a`, `dim-b`). */
  dimensions?: string[];
  dimensionMappings?: { m3terEntity: 'Product' | 'Aggregation'; m3terId: string; dimension: string }[];
  /** The ExternalId the hub's credential sends (default: the one the role expects). */
  externalId?: string;
  emails?: string[];
  accountIds?: string[];
  mapAccount?: boolean;
}

export interface AwsTenant {
  orgId: string;
  key: string;
  integrationId: string;
  credentialId: string;
  accountId: string;
  /** The buyer's AWS account id mapped for `accountId`. */
  customerId: string;
  licenseArn: string;
  roleArn: string;
  externalId: string;
  productCode: string;
  call(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Posts a bill; the id of this integration's run. */
  postBill(bill: unknown): Promise<string>;
  waitForRun(runId: string, statuses?: string[], timeoutMs?: number): Promise<Record<string, any>>;
  /** Seeds another buyer (subscribed) and maps `accountId` to it; its account id. */
  addCustomer(accountId: string): Promise<string>;
  /** A credential for this tenant's role (default: the right ExternalId). */
  createCredential(externalId?: string): Promise<string>;
  records(customerId?: string): { dimension: string; quantity: number; timestamp: string }[];
  /** Per dimension, what the emulator recorded for a buyer (default: the tenant's), as decimal strings. */
  totals(customerId?: string): Record<string, string>;
  usageEvents(query?: Record<string, string>): Promise<Record<string, any>[]>;
  events(eventName?: string): Promise<Record<string, any>[]>;
  integration(): Promise<Record<string, any>>;
}

const twelveDigits = () => String(randomInt(100_000_000_000, 999_999_999_999));
const licenseArnFor = (seller: string) =>
  `arn:aws:license-manager::${seller}:license:l-${randomBytes(16).toString('hex')}`;

/** Seeds the hub's own IAM user at the emulator; call once per emulator. */
export function seedHubIdentity(aws: AwsEmulator): { accessKeyId: string; secretAccessKey: string } {
  const identity = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('base64'),
  };
  aws.seedAccessKey({ ...identity, accountId: HUB_ACCOUNT });
  return identity;
}

export async function setupAws(
  e2e: E2eHub,
  aws: AwsEmulator,
  hubIdentity: { accessKeyId: string; secretAccessKey: string },
  o: AwsSetupOptions = {},
): Promise<AwsTenant> {
  const must = async (res: Promise<LightMyRequestResponse>, status: number, what: string) => {
    const answer = await res;
    if (answer.statusCode !== status) throw new Error(`${what}: ${answer.statusCode} ${answer.body}`);
    return answer.json();
  };
  let org = o.org;
  if (!org) {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const created = await must(
      e2e.call('POST', '/v1/api-keys', { orgId, name: 'e2e', admin: false }),
      201,
      'key',
    );
    org = { orgId, key: created.key as string };
  }
  const { orgId, key } = org;
  const call = (method: string, url: string, payload?: unknown) => e2e.call(method, url, payload, key);

  const seller = twelveDigits();
  const roleArn = `arn:aws:iam::${seller}:role/hub-metering-${randomBytes(3).toString('hex')}`;
  const externalId = `ext-${randomBytes(8).toString('hex')}`;
  aws.seedRole({ roleArn, externalId, trustedAccountIds: [HUB_ACCOUNT] });
  const productCode = `prod${randomBytes(6).toString('hex')}`;
  const dimensions = [...new Set([...(o.dimensions ?? ['dim-bill', 'dim-a', 'dim-b'])])];
  aws.seedProduct({ productCode, dimensions, sellerAccountId: seller });

  const createCredential = async (ext = externalId) =>
    (
      await must(
        call('POST', '/v1/integration-credentials', {
          name: `aws-${randomUUID().slice(0, 6)}`,
          destination: 'AWS_MARKETPLACE',
          region: 'us-east-1',
          roleArn,
          externalId: ext,
          ...hubIdentity,
        }),
        201,
        'aws credential',
      )
    ).id as string;

  const integration = await must(
    call('POST', '/v1/integrations', {
      name: `aws-${randomUUID().slice(0, 6)}`,
      destination: 'AWS_MARKETPLACE',
      entityType: 'Bill',
      enabled: true,
      accountIds: o.accountIds ?? [],
      disabledNotificationEmails: o.emails ?? [],
      configData: o.configData ?? { marketplaceBillDimension: 'dim-bill' },
    }),
    201,
    'aws integration',
  );
  const integrationId = integration.id as string;
  const credentialId = await createCredential(o.externalId ?? externalId);
  await must(call('PUT', `/v1/integrations/${integrationId}/credential`, { credentialId }), 200, 'connect');

  const licenses = new Map<string, string>();
  const addCustomer = async (accountId: string) => {
    const customerId = twelveDigits();
    const licenseArn = licenseArnFor(seller);
    licenses.set(customerId, licenseArn);
    aws.seedCustomer({ customerAwsAccountId: customerId, productCode, licenseArn, status: 'SUBSCRIBED' });
    await must(
      call('POST', '/v1/external-mappings', {
        m3terEntity: 'Account',
        m3terId: accountId,
        externalSystem: 'AwsMarketplace',
        externalTable: 'Customer',
        externalId: customerId,
        integrationConfigId: integrationId,
        metadata: { licenseArn },
      }),
      201,
      'aws account mapping',
    );
    return customerId;
  };
  const accountId = o.accountId ?? 'acc-1';
  const customerId = (o.mapAccount ?? true) ? await addCustomer(accountId) : twelveDigits();
  for (const m of o.dimensionMappings ?? []) {
    await must(
      call('POST', '/v1/external-mappings', {
        m3terEntity: m.m3terEntity,
        m3terId: m.m3terId,
        externalSystem: 'AwsMarketplace',
        externalTable: 'Dimension',
        externalId: m.dimension,
        integrationConfigId: integrationId,
      }),
      201,
      'aws dimension mapping',
    );
  }

  const records = (id = customerId) =>
    aws
      .records()
      .filter((record) => record.customerAwsAccountId === id)
      .map((record) => ({
        dimension: record.dimension,
        quantity: record.quantity,
        timestamp: record.timestamp,
      }));

  return {
    orgId,
    key,
    integrationId,
    credentialId,
    accountId,
    customerId,
    licenseArn: licenses.get(customerId) ?? '',
    roleArn,
    externalId,
    productCode,
    call,
    async postBill(bill) {
      const res = await call('POST', '/v1/bills', bill);
      if (res.statusCode !== 202 && res.statusCode !== 200)
        throw new Error(`bill: ${res.statusCode} ${res.body}`);
      const run = (res.json().runs as { id: string; integrationConfigId: string }[]).find(
        (r) => r.integrationConfigId === integrationId,
      );
      if (!run) throw new Error(`no run for the AWS integration: ${res.body}`);
      return run.id;
    },
    async waitForRun(runId, statuses = SETTLED, timeoutMs = 30_000) {
      let last: Record<string, any> = {};
      try {
        return await waitFor(
          async () => {
            last = (await call('GET', `/v1/integration-runs/${runId}`)).json();
            return statuses.includes(last.status) ? last : undefined;
          },
          `run ${runId}`,
          timeoutMs,
        );
      } catch {
        throw new Error(
          `run ${runId} did not reach ${statuses.join('/')}; last: ${JSON.stringify(last).slice(0, 3000)}`,
        );
      }
    },
    addCustomer,
    createCredential,
    records,
    totals(id = customerId) {
      const byDimension = new Map<string, string[]>();
      for (const record of records(id))
        byDimension.set(record.dimension, [
          ...(byDimension.get(record.dimension) ?? []),
          String(record.quantity),
        ]);
      return Object.fromEntries(
        [...byDimension].map(([dimension, quantities]) => [dimension, sum(quantities)]),
      );
    },
    async usageEvents(query = {}) {
      const params = new URLSearchParams({ pageSize: '200', integrationConfigId: integrationId, ...query });
      return (await must(call('GET', `/v1/usage-events?${params}`), 200, 'usage events')).data;
    },
    async events(eventName) {
      const query = new URLSearchParams({ pageSize: '200', ...(eventName ? { eventName } : {}) });
      return (await must(call('GET', `/v1/events?${query}`), 200, 'events')).data;
    },
    integration: () => must(call('GET', `/v1/integrations/${integrationId}`), 200, 'integration'),
  };
}
