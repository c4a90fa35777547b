/**
 * The destination a drill (or the benchmark) sends to, behind one small interface, so the drills,
 * the bill stream and the benchmark never talk to an emulator directly: seeding the identity the hub
 * signs in with, a resource per account (an Azure SaaS subscription; an AWS customer with a
 * license), suspending and reactivating it, faults, and the read-back that is each drill's truth.
 *
 * Azure: the Azure emulator (Entra client secret, subscriptions with a plan, `/admin/events`).
 * AWS: the AWS emulator (the hub's IAM user keys as the source identity, a seller role it assumes
 * with an ExternalId, a product with the dimensions, customers with license ARNs, `/admin/records`);
 * AWS takes whole quantities only, so its integration has `quantityDecimalPlaces` 0.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { httpRequest } from '@hub/test-services';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import type { EmulatorKind } from '../test/support/service-stack.js';

/** JSON, or the text itself when it is not JSON (null when empty). */
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in drills
export function parseBody(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** A call to an emulator's admin API; anything ≥ 400 throws. */
// biome-ignore lint/suspicious/noExplicitAny: admin answers are read loosely in drills
export async function emulatorAdmin(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await httpRequest(`${url}/admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 400) throw new Error(`emulator ${method} /admin${path}: ${res.status} ${res.text}`);
  return res.status === 204 ? null : parseBody(res.text);
}

/** What one (resource, dimension, hour) holds at the destination. */
export interface RecordedUsage {
  /** The resource id, lower-cased (an Azure subscription id; an AWS account id). */
  resource: string;
  dimension: string;
  quantity: string;
  /** The hour slot (ISO start of the hour), one record per (resource, dimension, slot). */
  slot: string;
}

export interface DestinationStats {
  /** Per-record answers the destination gave to calls it processed (whether the hub heard them or not). */
  processedAnswers: number;
  /**
   * Answers to a record whose slot already held it: Azure's `Duplicate`, AWS's `Success` with the
   * earlier MeteringRecordId (an identical re-send). Only a re-send the hub had no answer for may get one.
   */
  replayAnswers: number;
  /**
   * Answers refusing a record because its slot holds another quantity (AWS `DuplicateRecord`); null
   * where the destination does not tell them from replays (Azure). No drill plants a foreign record.
   */
  conflictAnswers: number | null;
  /** Calls to the metering API (throttled and failed ones included). */
  meteringCalls: number;
  /** Records per call → calls. */
  batchSizes: Record<string, number>;
  faultsInjected: Record<string, number>;
  lostResponses: number;
}

/** The faults drill's kinds, as probabilities per metering call (`unprocessed`: per record). */
export interface FaultMix {
  /** 500s (Azure: half 500, half 503). */
  serverError: number;
  /** Azure 429 with Retry-After 1 s; AWS ThrottlingException. */
  throttle: number;
  /** Processed and recorded, then the connection is destroyed before the answer. */
  lostResponse: number;
  /** The connection is destroyed before anything is processed. */
  dropConnection: number;
  /** AWS only: records returned in UnprocessedRecords. */
  unprocessed?: number;
}

/** The drill integration's configData: one dimension per product, CARRY_FORWARD (the default). */
export interface DrillConfig {
  splitUsageLineItems: 'ITEM_PER_PRODUCT';
  quantityDecimalPlaces: number;
}

/** One account's resource at the destination, and the hub mapping that points `acc-<i>` at it. */
export interface SeededResource {
  id: string;
  mapping: { externalTable: string; externalId: string; metadata: Record<string, unknown> };
}

export interface DestinationDriver {
  kind: EmulatorKind;
  /** In drill names and figures: `Azure`, `AWS`. */
  label: string;
  /** The integration's `destination`. */
  destination: 'AZURE_MARKETPLACE' | 'AWS_MARKETPLACE';
  /** The mappings' `externalSystem`. */
  externalSystem: 'AzureMarketplace' | 'AwsMarketplace';
  config: DrillConfig;
  /** The emulator's admin API, for a drill that needs more than this interface. */
  // biome-ignore lint/suspicious/noExplicitAny: admin answers are read loosely in drills
  admin(method: string, path: string, body?: unknown): Promise<any>;
  /** Seeds what the hub signs in with (and, AWS, the product); once, before `addResource`. */
  seed(): Promise<void>;
  /** The body of `POST /v1/integration-credentials`. */
  credential(name: string): Record<string, unknown>;
  /** A resource (subscribed / active) for one account. */
  addResource(): Promise<SeededResource>;
  /** Suspends (Azure `Suspended`; AWS `UNSUBSCRIBED`: CustomerNotSubscribed) or reactivates it. */
  setActive(resource: string, active: boolean): Promise<void>;
  recorded(): Promise<RecordedUsage[]>;
  stats(): Promise<DestinationStats>;
  setFaults(mix: FaultMix): Promise<void>;
  clearFaults(): Promise<void>;
  /** Per-record answers in the metering exchanges the hub recorded with an answer (HTTP 200). */
  recordedAnswers(db: Kysely<Database>): Promise<number>;
}

/** What both emulators' stats say alike: batch sizes and the faults injected. */
// biome-ignore lint/suspicious/noExplicitAny: admin answers are read loosely in drills
const faultFigures = (stats: any) => ({
  batchSizes: (stats.batchSizes ?? {}) as Record<string, number>,
  faultsInjected: (stats.faultsInjected ?? {}) as Record<string, number>,
  lostResponses: (stats.faultsInjected?.lostResponse ?? 0) as number,
});

const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Per-record answers in recorded 200 exchanges whose body holds them in the array `field`. */
async function answersIn(db: Kysely<Database>, where: ReturnType<typeof sql>, field: string) {
  const row = await sql<{
    n: string;
  }>`select coalesce(sum(jsonb_array_length(response_body->${field})), 0) as n
    from exchanges where ${where} and status = 200
    and jsonb_typeof(response_body->${field}) = 'array'`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

type Admin = DestinationDriver['admin'];

/**
 * What an emulator's admin `path` lists (under the key named like the path: `events`, `records`),
 * as usage per slot; `keys` names the fields holding the resource and the hour.
 */
async function readBack(
  admin: Admin,
  path: string,
  keys: { resource: string; slot: string },
): Promise<RecordedUsage[]> {
  const rows = (await admin('GET', path))[path.slice(1)] as Record<string, unknown>[];
  return rows.map((row) => ({
    resource: String(row[keys.resource]).toLowerCase(),
    dimension: String(row.dimension),
    quantity: String(row.quantity),
    slot: new Date(String(row[keys.slot])).toISOString(),
  }));
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '3b5e2c7a-1d4f-4a8e-9c6b-0f2e7d1a5b9c';

/** Azure's driver, with the Entra app the hub signs in as (for drills that rotate its secret). */
export type AzureDriver = DestinationDriver & { tenantId: string; clientId: string; clientSecret: string };

/** The Azure emulator at `url`: one Entra app, subscriptions on plan `gold` pricing `dimensions`. */
export function azureDriver(
  url: string,
  options: { dimensions: string[]; decimalPlaces?: number },
): AzureDriver {
  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(url, method, path, body);
  const clientSecret = `drill-${randomBytes(6).toString('hex')}`;
  return {
    kind: 'azure',
    label: 'Azure',
    destination: 'AZURE_MARKETPLACE',
    externalSystem: 'AzureMarketplace',
    config: { splitUsageLineItems: 'ITEM_PER_PRODUCT', quantityDecimalPlaces: options.decimalPlaces ?? 2 },
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret,
    admin,
    async seed() {
      await admin('POST', '/credentials', { tenantId: TENANT, clientId: CLIENT, clientSecret });
    },
    credential: (name) => ({
      name,
      destination: 'AZURE_MARKETPLACE',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret,
    }),
    async addResource() {
      const id = randomUUID();
      await admin('POST', '/subscriptions', {
        id,
        planId: 'gold',
        plans: [
          {
            planId: 'gold',
            dimensions: options.dimensions.map((d) => ({ id: d, pricePerUnit: '0.01', currency: 'USD' })),
          },
        ],
      });
      return { id, mapping: { externalTable: 'Subscription', externalId: id, metadata: { planId: 'gold' } } };
    },
    async setActive(resource, active) {
      await admin('PATCH', `/subscriptions/${resource}`, { status: active ? 'Subscribed' : 'Suspended' });
    },
    recorded: () => readBack(admin, '/events', { resource: 'resourceId', slot: 'effectiveStartTime' }),
    async stats() {
      const stats = await admin('GET', '/stats');
      const statuses = stats.eventStatuses as Record<string, number>;
      const routes = stats.routes as Record<string, number>;
      return {
        processedAnswers: sumOf(statuses),
        replayAnswers: statuses.Duplicate ?? 0,
        conflictAnswers: null,
        meteringCalls: sumOf(
          Object.fromEntries(Object.entries(routes).filter(([route]) => route.includes('/api/'))),
        ),
        ...faultFigures(stats),
      };
    },
    async setFaults(mix) {
      await admin('PUT', '/faults', {
        rate429: mix.throttle,
        rate500: mix.serverError / 2,
        rate503: mix.serverError / 2,
        lostResponseRate: mix.lostResponse,
        dropConnectionRate: mix.dropConnection,
        retryAfterSeconds: 1,
      });
    },
    clearFaults: () => admin('PUT', '/faults', {}),
    // One answer per event of every batch whose 200 the hub recorded (with the outcomes, in one transaction).
    recordedAnswers: (db) => answersIn(db, sql`url like '%/batchUsageEvent%'`, 'result'),
  };
}

/** The account the hub's own IAM user lives in, and the seller's. */
const HUB_ACCOUNT = '111111111111';
const twelveDigits = () => String(randomInt(100_000_000_000, 999_999_999_999));

/**
 * The AWS emulator at `url`: the hub's IAM user (its keys go into the credential as the source
 * identity), the seller's role trusting it with an ExternalId, one product listing `dimensions`,
 * and a customer with a license per account. Faults hit metering only: STS keeps answering, so the
 * drill measures what happens to usage, not to sign-in.
 */
export function awsDriver(url: string, options: { dimensions: string[] }): DestinationDriver {
  const admin = (method: string, path: string, body?: unknown) => emulatorAdmin(url, method, path, body);
  const seller = twelveDigits();
  const identity = {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(20).toString('base64'),
  };
  const roleArn = `arn:aws:iam::${seller}:role/hub-metering-drill`;
  const externalId = `ext-${randomBytes(8).toString('hex')}`;
  const productCode = `prod${randomBytes(6).toString('hex')}`;
  return {
    kind: 'aws',
    label: 'AWS',
    destination: 'AWS_MARKETPLACE',
    externalSystem: 'AwsMarketplace',
    // AWS refuses decimals: whole units, rounded half-up from the cents (unitPrice 0.01).
    config: { splitUsageLineItems: 'ITEM_PER_PRODUCT', quantityDecimalPlaces: 0 },
    admin,
    async seed() {
      await admin('POST', '/access-keys', { ...identity, accountId: HUB_ACCOUNT, userName: 'hub' });
      await admin('POST', '/roles', { roleArn, externalId, trustedAccountIds: [HUB_ACCOUNT] });
      await admin('POST', '/products', {
        productCode,
        dimensions: options.dimensions,
        sellerAccountId: seller,
      });
    },
    credential: (name) => ({
      name,
      destination: 'AWS_MARKETPLACE',
      region: 'us-east-1',
      roleArn,
      externalId,
      ...identity,
    }),
    async addResource() {
      const id = twelveDigits();
      const licenseArn = `arn:aws:license-manager::${seller}:license:l-${randomBytes(16).toString('hex')}`;
      await admin('POST', '/customers', {
        customerAwsAccountId: id,
        productCode,
        licenseArn,
        status: 'SUBSCRIBED',
      });
      return { id, mapping: { externalTable: 'Customer', externalId: id, metadata: { licenseArn } } };
    },
    async setActive(resource, active) {
      await admin('PATCH', `/customers/${productCode}/${resource}`, {
        status: active ? 'SUBSCRIBED' : 'UNSUBSCRIBED',
      });
    },
    recorded: () => readBack(admin, '/records', { resource: 'customerAwsAccountId', slot: 'timestamp' }),
    async stats() {
      const stats = await admin('GET', '/stats');
      const results = stats.results as Record<string, number>;
      return {
        processedAnswers:
          (results.Success ?? 0) + (results.DuplicateRecord ?? 0) + (results.CustomerNotSubscribed ?? 0),
        replayAnswers: stats.duplicatesAnswered ?? 0,
        conflictAnswers: results.DuplicateRecord ?? 0,
        meteringCalls: stats.calls?.BatchMeterUsage ?? 0,
        ...faultFigures(stats),
      };
    },
    async setFaults(mix) {
      await admin('PUT', '/faults', {
        rate500: mix.serverError,
        rateThrottle: mix.throttle,
        rateLostResponse: mix.lostResponse,
        rateDropConnection: mix.dropConnection,
        rateUnprocessed: mix.unprocessed ?? 0,
        only: 'metering',
      });
    },
    clearFaults: () => admin('PUT', '/faults', {}),
    recordedAnswers: (db) =>
      answersIn(
        db,
        sql`request_headers->>'x-amz-target' = 'AWSMPMeteringService.BatchMeterUsage'`,
        'Results',
      ),
  };
}

/** An answer of the hub's API: its status and the parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in drills
export type HubAnswer = { status: number; json: any };
export type HubCall = (method: string, path: string, body?: unknown) => Promise<HubAnswer>;

/**
 * Seeds the destination and sets up one integration on it through the hub's API: the credential,
 * the integration (`configData` = the driver's config), `products[i]` → `dimensions[i]`, and
 * `accounts` resources with `acc-<i>` mapped to the i-th. Throws on any answer but the expected one.
 */
export async function connectIntegration(
  driver: DestinationDriver,
  hub: HubCall,
  options: {
    name: string;
    accounts: number;
    products: string[];
    dimensions: string[];
    integration?: Record<string, unknown>;
  },
): Promise<{ integrationId: string; resources: string[] }> {
  const must = async (what: string, status: number, method: string, path: string, body?: unknown) => {
    const res = await hub(method, path, body);
    if (res.status !== status)
      throw new Error(`setting up the integration, ${what}: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  };
  await driver.seed();
  const resources: SeededResource[] = [];
  for (let i = 0; i < options.accounts; i++) resources.push(await driver.addResource());
  const credential = await must('credential', 201, 'POST', '/v1/integration-credentials', {
    ...driver.credential(options.name),
  });
  const integration = await must('integration', 201, 'POST', '/v1/integrations', {
    name: options.name,
    destination: driver.destination,
    entityType: 'Bill',
    ...options.integration,
    configData: driver.config,
  });
  await must('connecting the credential', 200, 'PUT', `/v1/integrations/${integration.id}/credential`, {
    credentialId: credential.id,
  });
  for (const [i, dimension] of options.dimensions.entries()) {
    await must('a dimension mapping', 201, 'POST', '/v1/external-mappings', {
      m3terEntity: 'Product',
      m3terId: options.products[i],
      externalSystem: driver.externalSystem,
      externalTable: 'Dimension',
      externalId: dimension,
    });
  }
  for (const [i, resource] of resources.entries()) {
    await must('an account mapping', 201, 'POST', '/v1/external-mappings', {
      m3terEntity: 'Account',
      m3terId: `acc-${i}`,
      externalSystem: driver.externalSystem,
      ...resource.mapping,
    });
  }
  return { integrationId: integration.id, resources: resources.map((r) => r.id) };
}
