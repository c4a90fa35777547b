/**
 * `pnpm test:reliability`: the reliability drills of operations.md, with real processes on this
 * machine (PostgreSQL, redis-server, the emulator, hub api and worker processes). Each drill prints
 * its figures and fails on any lost or duplicated quantity, or any 5xx.
 *
 * Truth is the emulator: after each drill, for every (subscription, dimension) the quantity Azure
 * accepted must equal what the bills owe, to the last decimal, with at most one event per hour slot.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Money } from '@hub/core';
import { type PostgresServer, type RedisServer, startRedis } from '@hub/test-services';
import { connectDatabase } from '../src/db/connect.js';
import { type HubProcess, startHubProcess } from '../test/support/hub-processes.js';
import { hubEnv, startServiceStack } from '../test/support/service-stack.js';

const _ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '3b5e2c7a-1d4f-4a8e-9c6b-0f2e7d1a5b9c';
const SECRET = `drill-${randomBytes(6).toString('hex')}`;
const DIMENSIONS = ['compute', 'storage'];
const BILLS = Number(process.env.DRILL_BILLS ?? 1000);
const SUBSCRIPTIONS = Number(process.env.DRILL_SUBSCRIPTIONS ?? 200);
const TIMEOUT_MS = Number(process.env.DRILL_TIMEOUT_MS ?? 240_000);

const log = (message: string) => console.log(`[drill] ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stack {
  postgres: PostgresServer;
  redis: RedisServer;
  redisPort: number;
  emulatorUrl: string;
  emulator: ChildProcess;
  env: Record<string, string>;
  databaseUrl: string;
  api: HubProcess;
  workers: HubProcess[];
  adminKey: string;
  integrationId: string;
  subscriptions: string[];
}

// biome-ignore lint/suspicious/noExplicitAny: admin answers are read loosely in drills
async function emulatorAdmin(
  stack: { emulatorUrl: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const res = await fetch(`${stack.emulatorUrl}/admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.status === 204 ? null : res.json();
}

async function hubCall(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: any }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${stack.api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let json: any = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: res.status, json };
    } catch (error) {
      // The api process may be between restarts in a drill; the client retries like a real sender.
      if (attempt > 50) throw error;
      await sleep(200);
    }
  }
}

async function setUp(workerCount: number): Promise<Stack> {
  const services = await startServiceStack('drill');
  const { postgres, redis, emulator, databaseUrl } = services;
  const adminKey = `hub_drill_${randomBytes(12).toString('hex')}`;
  const env = hubEnv(services, adminKey, {
    LOG_LEVEL: 'error',
    HUB_SWEEP_INTERVAL_MS: '5000',
    HUB_STUCK_AFTER_MS: '10000',
  });
  const api = await startHubProcess('api', env);
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () => startHubProcess('worker', env)),
  );
  const partial = {
    postgres,
    redis,
    redisPort: redis.port,
    emulatorUrl: emulator.url,
    emulator: emulator.child,
    env,
    databaseUrl,
    api,
    workers,
    adminKey,
  } as unknown as Stack;

  await emulatorAdmin(partial, 'POST', '/credentials', {
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
  });
  const subscriptions = Array.from({ length: SUBSCRIPTIONS }, () => randomUUID());
  for (const id of subscriptions) {
    await emulatorAdmin(partial, 'POST', '/subscriptions', {
      id,
      planId: 'gold',
      plans: [
        {
          planId: 'gold',
          dimensions: DIMENSIONS.map((d) => ({ id: d, pricePerUnit: '0.01', currency: 'USD' })),
        },
      ],
    });
  }
  const credential = await hubCall(partial, 'POST', '/v1/integration-credentials', {
    name: 'drill',
    destination: 'AZURE_MARKETPLACE',
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: SECRET,
  });
  const integration = await hubCall(partial, 'POST', '/v1/integrations', {
    name: 'drill',
    destination: 'AZURE_MARKETPLACE',
    entityType: 'Bill',
    configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT', quantityDecimalPlaces: 2 },
  });
  await hubCall(partial, 'PUT', `/v1/integrations/${integration.json.id}/credential`, {
    credentialId: credential.json.id,
  });
  for (const [i, dimension] of DIMENSIONS.entries()) {
    await hubCall(partial, 'POST', '/v1/external-mappings', {
      m3terEntity: 'Product',
      m3terId: `p${i}`,
      externalSystem: 'AzureMarketplace',
      externalTable: 'Dimension',
      externalId: dimension,
    });
  }
  for (const [i, id] of subscriptions.entries()) {
    await hubCall(partial, 'POST', '/v1/external-mappings', {
      m3terEntity: 'Account',
      m3terId: `acc-${i}`,
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: id,
      metadata: { planId: 'gold' },
    });
  }
  return { ...partial, integrationId: integration.json.id, subscriptions };
}

async function tearDown(stack: Stack): Promise<void> {
  await Promise.all([stack.api.kill(), ...stack.workers.map((w) => w.kill())]);
  stack.emulator.kill('SIGKILL');
  await stack.redis.stop().catch(() => {});
  await stack.postgres.stop().catch(() => {});
}

/** Posts bills (some regenerated with a higher version) and returns what each (subscription, dimension) owes. */
async function postBills(
  stack: Stack,
  count: number,
  onProgress?: (posted: number) => Promise<void>,
): Promise<{ expected: Map<string, Money>; fiveHundreds: number }> {
  const expected = new Map<string, Money>();
  const latest = new Map<string, { sub: string; amounts: number[] }>();
  let fiveHundreds = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        // Every fifth bill is a regeneration (version 2) of an earlier one with higher amounts.
        const regenerate = i % 5 === 4;
        const billIndex = regenerate ? i - 2 : i;
        const version = regenerate ? 2 : 1;
        const subIndex = billIndex % stack.subscriptions.length;
        const amounts = DIMENSIONS.map(
          (_, d) => ((billIndex * 7 + d * 13) % 900) + 100 + (regenerate ? 50 : 0),
        );
        const body = {
          id: `drill-bill-${billIndex}`,
          version,
          accountId: `acc-${subIndex}`,
          currency: 'USD',
          status: 'APPROVED',
          lineItems: amounts.map((cents, d) => ({
            id: `l${d}`,
            lineItemType: 'USAGE',
            productId: `p${d}`,
            subtotal: (cents / 100).toFixed(2),
          })),
        };
        const res = await hubCall(stack, 'POST', '/v1/bills', body);
        if (res.status >= 500) fiveHundreds++;
        if (res.status !== 202 && res.status !== 200)
          throw new Error(`POST /v1/bills ${res.status}: ${JSON.stringify(res.json)}`);
        const key = `drill-bill-${billIndex}`;
        const current = latest.get(key);
        // Versions may arrive out of order here; the ledger keeps the highest.
        if (!current || version === 2) latest.set(key, { sub: stack.subscriptions[subIndex]!, amounts });
        if (onProgress && i % 50 === 0) await onProgress(i);
      }
    }),
  );
  for (const { sub, amounts } of latest.values()) {
    for (const [d, cents] of amounts.entries()) {
      const k = `${sub}|${DIMENSIONS[d]}`;
      // $x.yz at $0.01 per unit = cents units.
      expected.set(k, (expected.get(k) ?? new Money(0)).plus(cents));
    }
  }
  return { expected, fiveHundreds };
}

async function waitForQuiet(stack: Stack): Promise<void> {
  const until = Date.now() + TIMEOUT_MS;
  const handle = await connectDatabase({ url: stack.databaseUrl, poolSize: 1 });
  try {
    for (;;) {
      const rows = await handle.db.selectFrom('integration_runs').select(['status']).execute();
      const busy = rows.filter((r) => ['WAITING', 'STARTED', 'AWAITING_RETRY'].includes(r.status)).length;
      if (busy === 0) return;
      if (Date.now() > until) throw new Error(`${busy} runs still in flight after ${TIMEOUT_MS} ms`);
      await sleep(500);
    }
  } finally {
    await handle.close();
  }
}

async function verify(
  stack: Stack,
  name: string,
  expected: Map<string, Money>,
  fiveHundreds: number,
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const events = (await emulatorAdmin(stack, 'GET', '/events')).events as {
    resourceId: string;
    dimension: string;
    quantity: string;
    effectiveStartTime: string;
  }[];
  const got = new Map<string, Money>();
  const slots = new Set<string>();
  let slotDuplicates = 0;
  for (const event of events) {
    const k = `${event.resourceId}|${event.dimension}`;
    got.set(k, (got.get(k) ?? new Money(0)).plus(event.quantity));
    const slot = `${k}|${event.effectiveStartTime}`;
    if (slots.has(slot)) slotDuplicates++;
    slots.add(slot);
  }
  let lost = new Money(0);
  let duplicated = new Money(0);
  for (const key of new Set([...expected.keys(), ...got.keys()])) {
    const diff = (got.get(key) ?? new Money(0)).minus(expected.get(key) ?? new Money(0));
    if (diff.lt(0)) lost = lost.plus(diff.neg());
    if (diff.gt(0)) duplicated = duplicated.plus(diff);
  }
  const handle = await connectDatabase({ url: stack.databaseUrl, poolSize: 1 });
  const runs = await handle.db.selectFrom('integration_runs').select(['status']).execute();
  await handle.close();
  const figures = {
    drill: name,
    bills: BILLS,
    runs: runs.length,
    runsComplete: runs.filter((r) => r.status === 'COMPLETE').length,
    // A version 1 that arrives after its version 2 is rightly SKIPPED (STALE_VERSION).
    runsSkipped: runs.filter((r) => r.status === 'SKIPPED').length,
    runsFailed: runs.filter((r) => r.status === 'ERROR' || r.status === 'AUTH_FAILED').length,
    events: events.length,
    expectedQuantity: [...expected.values()].reduce((a, b) => a.plus(b), new Money(0)).toFixed(),
    acceptedQuantity: [...got.values()].reduce((a, b) => a.plus(b), new Money(0)).toFixed(),
    lost: lost.toFixed(),
    duplicated: duplicated.toFixed(),
    slotDuplicates,
    fiveHundreds,
    ...extra,
  };
  console.table(figures);
  return (
    lost.eq(0) &&
    duplicated.eq(0) &&
    slotDuplicates === 0 &&
    fiveHundreds === 0 &&
    figures.runsComplete + figures.runsSkipped === runs.length
  );
}

type Drill = {
  name: string;
  workers: number;
  run(
    stack: Stack,
  ): Promise<{ expected: Map<string, Money>; fiveHundreds: number; extra?: Record<string, unknown> }>;
};

const drills: Drill[] = [
  {
    name: 'kill -9 workers while 1,000 bills flow',
    workers: 2,
    async run(stack) {
      let kills = 0;
      let chaos = true;
      const chaosLoop = (async () => {
        while (chaos) {
          await sleep(700 + Math.random() * 1500);
          if (!chaos) break;
          const index = Math.floor(Math.random() * stack.workers.length);
          await stack.workers[index]!.kill();
          kills++;
          stack.workers[index] = await startHubProcess('worker', stack.env);
        }
      })();
      const posted = await postBills(stack, BILLS);
      await sleep(3000);
      chaos = false;
      await chaosLoop;
      await waitForQuiet(stack);
      return { ...posted, extra: { workerKills: kills } };
    },
  },
  {
    name: 'emulator: 30% 429/500/503, 10% lost responses',
    workers: 2,
    async run(stack) {
      await emulatorAdmin(stack, 'PUT', '/faults', {
        rate429: 0.1,
        rate500: 0.1,
        rate503: 0.1,
        lostResponseRate: 0.1,
        retryAfterSeconds: 1,
      });
      const posted = await postBills(stack, BILLS);
      await sleep(5000);
      await emulatorAdmin(stack, 'PUT', '/faults', {});
      await waitForQuiet(stack);
      const stats = await emulatorAdmin(stack, 'GET', '/stats');
      return { ...posted, extra: { faultsInjected: JSON.stringify(stats.faultsInjected) } };
    },
  },
  {
    name: 'Redis restarted mid-run',
    workers: 2,
    async run(stack) {
      let restarted = false;
      const posted = await postBills(stack, BILLS, async (n) => {
        if (!restarted && n >= BILLS / 2) {
          restarted = true;
          await stack.redis.stop();
          await sleep(1000);
          stack.redis = await startRedis({ port: stack.redisPort });
        }
      });
      await waitForQuiet(stack);
      return posted;
    },
  },
  {
    name: 'PostgreSQL restarted mid-run',
    workers: 2,
    async run(stack) {
      let restarted = false;
      const posted = await postBills(stack, BILLS, async (n) => {
        if (!restarted && n >= BILLS / 2) {
          restarted = true;
          await stack.postgres.restart();
        }
      });
      await waitForQuiet(stack);
      return posted;
    },
  },
];

async function malformedDrill(): Promise<boolean> {
  const services = await startServiceStack('drill');
  const { redis, databaseUrl } = services;
  const adminKey = `hub_drill_${randomBytes(12).toString('hex')}`;
  const api = await startHubProcess('api', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'error',
  });
  const other = (await (
    await fetch(`${api.url}/v1/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId: 'other', name: 'o' }),
    })
  ).json()) as { key: string };
  const hostile = [
    '{',
    '[]',
    'null',
    '"x"',
    '{"id":',
    '{"id":1}',
    '{"__proto__":{"x":1}}',
    `{"id":"${'a'.repeat(5000)}"}`,
    JSON.stringify({ id: 'b', version: -1, accountId: 'a', currency: 'USD' }),
    JSON.stringify({
      id: 'b',
      version: 1,
      accountId: 'a',
      currency: 'USD',
      lineItems: [{ id: 'l', lineItemType: 'NOPE', subtotal: 1 }],
    }),
    JSON.stringify({
      id: 'b',
      version: 1,
      accountId: 'a',
      currency: 'USD',
      lineItems: [{ id: 'l', lineItemType: 'USAGE', subtotal: '1e999999' }],
    }),
    JSON.stringify({ id: 'b\u0000', version: 1, accountId: 'a', currency: 'USD' }),
  ];
  const filters = [
    'constructor.constructor("return process")()',
    '__proto__.x == 1',
    'T(java.lang.Runtime).getRuntime().exec("id")',
    '#{1+1}',
    '${7*7}',
    `${'('.repeat(500)}id == 1${')'.repeat(500)}`,
    'address.country == US; DROP TABLE x',
    "id == 'a' OR 1=1 --",
  ];
  let fiveHundreds = 0;
  let nonClient = 0;
  const statuses = new Map<number, number>();
  for (let i = 0; i < 1000; i++) {
    let res: Response;
    const kind = i % 6;
    if (kind === 0) {
      res = await fetch(`${api.url}/v1/bills`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: hostile[i % hostile.length],
      });
    } else if (kind === 1) {
      res = await fetch(`${api.url}/v1/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'x',
          destination: 'AZURE_MARKETPLACE',
          configData: { marketplaceBillDimension: 'd', accountFilter: filters[i % filters.length] },
        }),
      });
    } else if (kind === 2) {
      res = await fetch(`${api.url}/v1/bills`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: `{"id":"big","lineItems":[${'{"id":"l","lineItemType":"USAGE","subtotal":1},'.repeat(30_000)}{}]}`,
      });
    } else if (kind === 3) {
      res = await fetch(`${api.url}/v1/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 5,
          destination: 'MOON',
          entityType: 'Invoice',
          configData: {
            splitUsageLineItems: 'ITEM_PER_PLANET',
            unitPrice: 'free',
            quantityDecimalPlaces: 99,
          },
        }),
      });
    } else if (kind === 4) {
      res = await fetch(`${api.url}/v1/integration-runs/${randomUUID()}`, {
        headers: { authorization: `Bearer ${other.key}` },
      });
    } else {
      res = await fetch(`${api.url}/v1/accounts/${encodeURIComponent(`x${i}`)}`, {
        method: 'PUT',
        headers: {
          authorization: i % 2 ? 'Bearer nope' : `Bearer ${adminKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: [1], code: { a: 1 }, customFields: { k: { nested: true } } }),
      });
    }
    await res.arrayBuffer();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) fiveHundreds++;
    if (res.status < 400) nonClient++;
  }
  const health = await fetch(`${api.url}/healthz`);
  console.table({
    drill: '1,000 malformed or hostile requests',
    requests: 1000,
    fiveHundreds,
    accepted: nonClient,
    statuses: JSON.stringify(Object.fromEntries(statuses)),
    stillServing: health.ok,
  });
  await api.kill();
  await services.stop();
  return fiveHundreds === 0 && nonClient === 0 && health.ok;
}

async function main(): Promise<void> {
  const only = process.env.DRILL_ONLY;
  let failed = 0;
  let passed = 0;
  for (const drill of drills) {
    if (only && !drill.name.toLowerCase().includes(only.toLowerCase())) continue;
    log(`${drill.name}: setting up`);
    const stack = await setUp(drill.workers);
    try {
      const { expected, fiveHundreds, extra } = await drill.run(stack);
      const ok = await verify(stack, drill.name, expected, fiveHundreds, extra ?? {});
      log(`${drill.name}: ${ok ? 'PASSED' : 'FAILED'}`);
      ok ? passed++ : failed++;
    } catch (error) {
      failed++;
      log(`${drill.name}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      // The processes' own words are the quickest way to see why.
      for (const proc of [stack.api, ...stack.workers]) {
        const exit = proc.child.exitCode === null ? 'running' : `exited ${proc.child.exitCode}`;
        log(`--- hub ${proc.role} (${exit}), last output:\n${proc.output().slice(-3000)}`);
      }
    } finally {
      await tearDown(stack);
    }
  }
  if (!only || 'malformed'.includes(only.toLowerCase())) {
    log('1,000 malformed requests');
    (await malformedDrill()) ? passed++ : failed++;
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
