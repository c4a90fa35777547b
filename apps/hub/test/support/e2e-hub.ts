import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import { type BillSource, Money, toDecimalString } from '@hub/core';
import type { LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { bootstrap, type Runtime } from '../../src/bootstrap.js';
import { parseEnv } from '../../src/config/env.js';
import { JOB_CATALOG } from '../../src/queue/catalog.js';
import { type RunningHub, startRoles } from '../../src/roles/start-roles.js';
import { startWorkers } from '../../src/worker/start-workers.js';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.js';
import { createTestDatabase } from './test-hub.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '3b5e2c7a-1d4f-4a8e-9c6b-0f2e7d1a5b9c';
export const SECRET = 'emulator-secret-value-1';

/** Statuses a run does not leave by itself. */
export const SETTLED = ['COMPLETE', 'ERROR', 'SKIPPED', 'AUTH_FAILED', 'DISABLED', 'AWAITING_CREDENTIAL'];

export interface E2eHubOptions {
  /** Extra hub environment (wins over the defaults). */
  env?: Record<string, string>;
  /** The emulator's clock, i.e. Azure's time. */
  emulatorNow?: () => Date;
  /** The hub's clock (bootstrap's `now`). */
  now?: () => Date;
  /** Starts a local SMTP server and points SMTP_URL at it. */
  smtp?: boolean;
  /** Bill sources loaded beside the installed plugins (`bootstrap`'s `sources`). */
  sources?: readonly BillSource<any, any>[];
  /** Listen on 127.0.0.1 (a free port): for callers from outside the process, such as webhooks. */
  listen?: boolean;
  /** `pglite`: DATABASE_URL unset and HUB_DATA_DIR a temp dir, so bootstrap() uses the embedded database. */
  database?: 'postgres' | 'pglite';
}

export interface DimensionMapping {
  m3terEntity: 'Product' | 'Aggregation' | 'CompoundAggregation';
  m3terId: string;
  dimension: string;
}

export interface SetupOptions {
  configData?: Record<string, unknown>;
  /** The account the subscription is mapped for (default `acc-1`). */
  accountId?: string;
  subscriptionId?: string;
  /** The subscription's plan in the emulator (default `gold`), also put in the mapping's `metadata.planId`. */
  planId?: string;
  /** False: the account mapping has no `metadata.planId`, so the hub asks the fulfillment API. */
  planInMapping?: boolean;
  /** Dimensions of the emulator's plan (mapped dimensions are added). */
  dimensions?: string[];
  dimensionMappings?: DimensionMapping[];
  /** The subscription's status in the emulator (default Subscribed). */
  subscriptionStatus?: 'Subscribed' | 'Suspended' | 'Unsubscribed' | 'PendingFulfillmentStart';
  emails?: string[];
  enabled?: boolean;
  /** Connect a credential (default true). */
  connect?: boolean;
  /** The secret the hub's credential holds; the emulator knows the right one. Default: the right one. */
  clientSecret?: string;
  /** Create the account mapping (default true). */
  mapAccount?: boolean;
  accountIds?: string[];
  restrictedAccountIds?: string[];
}

export interface PostedBill {
  statusCode: number;
  body: Record<string, any>;
  /** The run of the tenant's integration (one integration per tenant). */
  runId: string;
}

/** One organization with one integration: what a test works in, isolated from the other tests. */
export interface Tenant {
  orgId: string;
  key: string;
  integrationId: string;
  credentialId: string | null;
  subscriptionId: string;
  accountId: string;
  /** The emulator app registration (client id) this tenant's credentials are for. */
  clientId: string;
  clientSecret: string;
  call(method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  postBill(bill: unknown): Promise<PostedBill>;
  waitForRun(runId: string, statuses?: string[], timeoutMs?: number): Promise<Record<string, any>>;
  /** Seeds another subscription in the emulator and maps `accountId` to it for this integration. */
  addSubscription(accountId: string, options?: { subscriptionId?: string }): Promise<string>;
  mapDimension(mapping: DimensionMapping): Promise<void>;
  /** A credential for this tenant's app registration (default: the right secret). */
  createCredential(clientSecret?: string): Promise<string>;
  events(eventName?: string): Promise<Record<string, any>[]>;
  usageEvents(query?: Record<string, string>): Promise<Record<string, any>[]>;
  integration(): Promise<Record<string, any>>;
  /** What the emulator accepted for a subscription (default: the tenant's). */
  received(subscriptionId?: string): { dimension: string; quantity: string; effectiveStartTime: string }[];
  /** The emulator's total per dimension for a subscription, as exact decimal strings. */
  totals(subscriptionId?: string): Record<string, string>;
  /** `E2eHub.submissionPass` for this tenant's credential (default: the one connected by `setup`). */
  submissionPass(credentialId?: string | null): Promise<void>;
  /**
   * The hour slots of a subscription (default: the tenant's) the hub holds as foreign: Azure
   * answered Duplicate for something that was not the hub's event, and the event was moved.
   */
  foreignSlots(subscriptionId?: string): Promise<string[]>;
  /**
   * Waits until the hub's clock is past the retry time (`next_attempt_at`) of every PENDING usage
   * event of this tenant's integration that has one, and returns that time. Throws if none has one.
   */
  waitForRetryTime(timeoutMs?: number): Promise<Date>;
}

export interface E2eHub {
  hub: RunningHub;
  runtime: Runtime;
  emulator: Emulator;
  adminKey: string;
  databaseUrl: string | null;
  mail: SmtpCapture | null;
  call(method: string, url: string, payload?: unknown, key?: string): Promise<LightMyRequestResponse>;
  /** A new organization, credential, integration and account mapping. */
  setup(options?: SetupOptions): Promise<Tenant>;
  /** How many events the emulator has answered `Duplicate` (single and batch routes), so far. */
  duplicates(): number;
  /**
   * Queues a submission job for a credential and waits until a whole submission pass for it has
   * run after this call: its own pass, or (when a pass for the credential was already running in
   * this process and took the request over) that pass's next round. What the hub would send with
   * the credential at this moment has been sent when this returns.
   */
  submissionPass(orgId: string, credentialId: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Polls `probe` every 50 ms until it returns something other than undefined/false. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sums decimal strings exactly. */
export function sum(values: Iterable<string>): string {
  let total = new Money(0);
  for (const value of values) total = total.plus(value);
  return toDecimalString(total);
}

/**
 * The hub's api and worker roles in this process against a real PostgreSQL database (or PGlite),
 * a real Redis (its own BullMQ prefix) and the Azure emulator over HTTP. Every `setup()` is a new
 * organization, so the tests of a file never see each other's integrations, runs or events.
 */
export async function startE2eHub(options: E2eHubOptions = {}): Promise<E2eHub> {
  const emulator = await startEmulator(options.emulatorNow ? { now: options.emulatorNow } : {});
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET });
  const mail = options.smtp ? await startSmtpCapture() : null;
  const pglite = options.database === 'pglite';
  const dataDir = pglite ? mkdtempSync(join(tmpdir(), 'hub-e2e-pglite-')) : null;
  const databaseUrl = pglite ? null : await createTestDatabase();
  const adminKey = `hub_e2e_${randomBytes(12).toString('hex')}`;
  const redisUrl = inject('redisUrl');
  const parsed = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl ?? '',
    ...(dataDir ? { HUB_DATA_DIR: dataDir } : {}),
    REDIS_URL: redisUrl,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
    WORKER_CONCURRENCY: '8',
    ...(mail ? { SMTP_URL: mail.url } : {}),
    ...options.env,
  });
  const runtime = await bootstrap(parsed, {
    migrate: pglite,
    ...(options.now ? { now: options.now } : {}),
    ...(options.sources ? { sources: options.sources } : {}),
  });
  const log = {
    info: () => {},
    warn: (obj: object, message: string) => console.warn(message, obj),
    error: (obj: object, message: string) => console.error(message, obj),
  };
  const hub = await startRoles({
    runtime,
    redisUrl,
    role: 'all',
    listen: options.listen ? { host: '127.0.0.1', port: 0 } : null,
    startWorkers: (context) => startWorkers({ ...context, log }),
    // Each test file gets its own queue namespace on the shared Redis.
    queuePrefix: `hub-${randomUUID().slice(0, 8)}`,
  });
  const app = hub.app!;
  const call = (method: string, url: string, payload?: unknown, key = adminKey) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const must = async (res: Promise<LightMyRequestResponse>, status: number, what: string) => {
    const answer = await res;
    if (answer.statusCode !== status) throw new Error(`${what}: ${answer.statusCode} ${answer.body}`);
    return answer.json();
  };

  const { db } = runtime.services;

  async function submissionPass(orgId: string, credentialId: string, timeoutMs = 20_000): Promise<void> {
    const queue = hub.queues.get('usage.submit.v1')!;
    const trigger = `test-${randomUUID()}`;
    const jobId = JOB_CATALOG['usage.submit.v1'].jobId({ credentialId, trigger });
    await queue.add('usage.submit.v1', { orgId, credentialId, trigger }, { jobId });
    const ours = await waitFor(
      async () => {
        const job = await queue.getJob(jobId);
        return job?.finishedOn && job.returnvalue !== undefined ? job : undefined;
      },
      `submission job ${jobId} to finish`,
      timeoutMs,
    );
    if (!ours.returnvalue?.coalesced) return;
    // A pass for this credential was running when our job came: it goes round once more for us and
    // finishes after our job did. Any pass of this credential finishing later has run after our call.
    await waitFor(
      async () => {
        const done = await queue.getJobs(['completed'], 0, 500, false);
        return done.some(
          (job) =>
            job.data.credentialId === credentialId &&
            !job.returnvalue?.coalesced &&
            (job.finishedOn ?? 0) >= ours.finishedOn!,
        );
      },
      `the running submission pass of credential ${credentialId} to finish`,
      timeoutMs,
    );
  }

  async function setup(o: SetupOptions = {}): Promise<Tenant> {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const created = await must(
      call('POST', '/v1/api-keys', { orgId, name: 'e2e', admin: false }),
      201,
      'api key',
    );
    const key = created.key as string;
    const tcall = (method: string, url: string, payload?: unknown) => call(method, url, payload, key);

    // Its own app registration, so rotating or refusing it touches no other test.
    const clientId = randomUUID();
    const clientSecret = `secret-${randomBytes(8).toString('hex')}`;
    emulator.seedCredential({ tenantId: TENANT, clientId, clientSecret });

    const planId = o.planId ?? 'gold';
    const mappingPlanId = (o.planInMapping ?? true) ? planId : null;
    const dimensions = [
      ...new Set([
        ...(o.dimensions ?? ['dim-bill', 'dim-a', 'dim-b']),
        ...(o.dimensionMappings ?? []).map((m) => m.dimension),
      ]),
    ];
    const seed = (id: string, status = o.subscriptionStatus) =>
      emulator.seedSubscription({
        id,
        planId,
        ...(status ? { status } : {}),
        plans: [
          {
            planId,
            dimensions: dimensions.map((dimension) => ({
              id: dimension,
              pricePerUnit: '0.01',
              currency: 'USD',
            })),
          },
        ],
      } as never);

    const subscriptionId = o.subscriptionId ?? randomUUID();
    seed(subscriptionId);

    const createCredential = async (secret = clientSecret) =>
      (
        await must(
          tcall('POST', '/v1/integration-credentials', {
            name: `azure-${randomUUID().slice(0, 6)}`,
            destination: 'AZURE_MARKETPLACE',
            tenantId: TENANT,
            clientId,
            clientSecret: secret,
          }),
          201,
          'credential',
        )
      ).id as string;

    const integration = await must(
      tcall('POST', '/v1/integrations', {
        name: `azure-${randomUUID().slice(0, 6)}`,
        destination: 'AZURE_MARKETPLACE',
        entityType: 'Bill',
        enabled: o.enabled ?? true,
        accountIds: o.accountIds ?? [],
        restrictedAccountIds: o.restrictedAccountIds ?? [],
        disabledNotificationEmails: o.emails ?? [],
        configData: o.configData ?? { marketplaceBillDimension: 'dim-bill' },
      }),
      201,
      'integration',
    );
    const integrationId = integration.id as string;
    let credentialId: string | null = null;
    if (o.connect ?? true) {
      credentialId = await createCredential(o.clientSecret ?? clientSecret);
      await must(
        tcall('PUT', `/v1/integrations/${integrationId}/credential`, { credentialId }),
        200,
        'connect',
      );
    }
    const mapAccount = async (accountId: string, externalId: string, plan: string | null) =>
      must(
        tcall('POST', '/v1/external-mappings', {
          m3terEntity: 'Account',
          m3terId: accountId,
          externalSystem: 'AzureMarketplace',
          externalTable: 'Subscription',
          externalId,
          integrationConfigId: integrationId,
          ...(plan ? { metadata: { planId: plan } } : {}),
        }),
        201,
        'account mapping',
      );
    const accountId = o.accountId ?? 'acc-1';
    if (o.mapAccount ?? true) await mapAccount(accountId, subscriptionId, mappingPlanId);
    const mapDimension = async (m: DimensionMapping) => {
      await must(
        tcall('POST', '/v1/external-mappings', {
          m3terEntity: m.m3terEntity,
          m3terId: m.m3terId,
          externalSystem: 'AzureMarketplace',
          externalTable: 'Dimension',
          externalId: m.dimension,
          integrationConfigId: integrationId,
        }),
        201,
        'dimension mapping',
      );
    };
    for (const m of o.dimensionMappings ?? []) await mapDimension(m);

    const received = (id = subscriptionId) =>
      emulator
        .events()
        .filter((event) => event.resourceId.toLowerCase() === id.toLowerCase())
        .map((event) => ({
          dimension: event.dimension,
          quantity: event.quantity,
          effectiveStartTime: event.effectiveStartTime,
        }));

    return {
      orgId,
      key,
      integrationId,
      credentialId,
      subscriptionId,
      accountId,
      clientId,
      clientSecret,
      call: tcall,
      async postBill(bill) {
        const res = await tcall('POST', '/v1/bills', bill);
        if (res.statusCode !== 202 && res.statusCode !== 200)
          throw new Error(`bill: ${res.statusCode} ${res.body}`);
        const body = res.json();
        return { statusCode: res.statusCode, body, runId: body.runs[0]?.id };
      },
      async waitForRun(runId, statuses = SETTLED, timeoutMs = 20_000) {
        let last: Record<string, any> = {};
        try {
          return await waitFor(
            async () => {
              last = (await tcall('GET', `/v1/integration-runs/${runId}`)).json();
              return statuses.includes(last.status) ? last : undefined;
            },
            `run ${runId} to reach ${statuses.join('/')}`,
            timeoutMs,
          );
        } catch {
          throw new Error(
            `run ${runId} did not reach ${statuses.join('/')}; last: ${JSON.stringify(last).slice(0, 3000)}`,
          );
        }
      },
      async addSubscription(account, extra = {}) {
        const id = extra.subscriptionId ?? randomUUID();
        if (!emulator.state.subscriptions.has(id.toLowerCase())) seed(id);
        await mapAccount(account, id, mappingPlanId);
        return id;
      },
      mapDimension,
      createCredential,
      async events(eventName) {
        const query = new URLSearchParams({ pageSize: '200', ...(eventName ? { eventName } : {}) });
        return (await must(tcall('GET', `/v1/events?${query}`), 200, 'events')).data;
      },
      async usageEvents(query = {}) {
        const params = new URLSearchParams({ pageSize: '200', ...query });
        return (await must(tcall('GET', `/v1/usage-events?${params}`), 200, 'usage events')).data;
      },
      integration: () => must(tcall('GET', `/v1/integrations/${integrationId}`), 200, 'integration'),
      received,
      totals(id = subscriptionId) {
        const byDimension = new Map<string, string[]>();
        for (const event of received(id))
          byDimension.set(event.dimension, [...(byDimension.get(event.dimension) ?? []), event.quantity]);
        return Object.fromEntries(
          [...byDimension].map(([dimension, quantities]) => [dimension, sum(quantities)]),
        );
      },
      async submissionPass(id = credentialId) {
        if (!id) throw new Error('submissionPass: the tenant has no credential');
        await submissionPass(orgId, id);
      },
      async foreignSlots(id = subscriptionId) {
        const rows = await db
          .selectFrom('usage_slots')
          .select('slot_start')
          .where('resource_id', '=', id.toLowerCase())
          .where('foreign_held', '=', true)
          .orderBy('slot_start')
          .execute();
        return rows.map((row) => row.slot_start.toISOString());
      },
      async waitForRetryTime(timeoutMs = 20_000) {
        const row = await db
          .selectFrom('usage_events')
          .select((eb) => eb.fn.max('next_attempt_at').as('at'))
          .where('integration_config_id', '=', integrationId)
          .where('status', '=', 'PENDING')
          .executeTakeFirst();
        if (!row?.at) throw new Error('waitForRetryTime: no pending usage event has a retry time');
        const at = new Date(row.at);
        await waitFor(
          () => runtime.services.now().getTime() > at.getTime(),
          `the hub's clock to pass ${at.toISOString()}`,
          timeoutMs,
        );
        return at;
      },
    };
  }

  return {
    hub,
    runtime,
    emulator,
    adminKey,
    databaseUrl,
    mail,
    call,
    setup,
    duplicates: () => emulator.stats().eventStatuses.Duplicate ?? 0,
    submissionPass,
    async close() {
      await hub.stop();
      await emulator.close();
      await mail?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
