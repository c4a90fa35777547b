import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DB_FIGURES_TTL_MS } from '../../src/http/plugins/metrics.plugin.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let selects = 0;
/** The apps the tests built, closed after them. */
const apps: FastifyInstance[] = [];

const ORG = 'acme-secret-org';
const DIMENSION = 'acme-gold-seats';
const RESOURCE = 'acme-subscription-1';

/**
 * An app of the test's own (so its own 30 s cache of database figures, whatever other tests scraped)
 * whose database counts the SELECTs it runs: /metrics is the only thing that queries it.
 */
async function countingApp(): Promise<FastifyInstance> {
  const counting: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode') selects++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const app = await buildApp({
    services: { ...hub.runtime.services, db: hub.runtime.services.db.withPlugin(counting) },
  });
  apps.push(app);
  await app.ready();
  return app;
}

beforeAll(async () => {
  hub = await createTestHub();
  const integration = randomUUID();
  await hub.runtime.services.db
    .insertInto('usage_events')
    .values(
      ['ACCEPTED', 'ACCEPTED', 'PENDING'].map((status, index) => ({
        id: randomUUID(),
        org_id: ORG,
        integration_config_id: integration,
        credential_id: randomUUID(),
        destination: 'AZURE_MARKETPLACE',
        resource_id: RESOURCE,
        dimension: DIMENSION,
        quantity: String(index + 1.5),
        status,
        dt_updated: new Date(),
      })),
    )
    .execute();
  await hub.runtime.services.db
    .insertInto('integration_runs')
    .values({
      id: randomUUID(),
      org_id: ORG,
      integration_config_id: integration,
      entity_type: 'Bill',
      entity_id: 'acme-bill-1',
      bill_version: 1,
      trigger: 'INGEST',
      replay_of: null,
      status: 'COMPLETE',
      reason: null,
      error_code: null,
      error_message: null,
      detail: null,
      dt_started: null,
      dt_completed: null,
    })
    .execute();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await hub?.close();
});

async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe('/metrics is cheap', () => {
  it('reads Postgres at most once per 30 s, however many scrapes', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-03T12:00:00Z') });
    const app = await countingApp();
    selects = 0;
    const first = await scrape(app);
    const perRead = selects;
    expect(perRead).toBeGreaterThan(0);
    expect(first).toMatch(/^hub_runs\{status="COMPLETE"\} 1$/m);

    await scrape(app);
    vi.setSystemTime(new Date(Date.now() + DB_FIGURES_TTL_MS - 1_000));
    await Promise.all([scrape(app), scrape(app), scrape(app)]);
    expect(selects).toBe(perRead);

    vi.setSystemTime(new Date(Date.now() + 2_000));
    await Promise.all([scrape(app), scrape(app)]);
    expect(selects).toBe(2 * perRead);
    expect(DB_FIGURES_TTL_MS).toBe(30_000);
  });
});

describe('/metrics says nothing about tenants', () => {
  it('labels nothing by organization, nor by anything an organization names', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-01-01T00:00:00Z') });
    const body = await scrape(await countingApp());
    const labelNames = new Set<string>();
    for (const match of body.matchAll(/^[a-z_:][\w:]*\{([^}]*)\}/gm)) {
      for (const label of match[1]!.matchAll(/([a-zA-Z_]\w*)="/g)) labelNames.add(label[1]!);
    }
    expect(labelNames.size).toBeGreaterThan(0);
    for (const name of labelNames)
      expect(name).not.toMatch(/org|tenant|account|customer|dimension|resource|subscription/i);
    for (const value of [ORG, DIMENSION, RESOURCE, 'acme']) expect(body).not.toContain(value);

    // The operator's view stays: outcomes by destination and status, and quantities by destination.
    expect(body).toMatch(/^hub_destination_events\{destination="AZURE_MARKETPLACE",status="ACCEPTED"\} 2$/m);
    expect(body).toMatch(/^hub_quantity_reported\{destination="AZURE_MARKETPLACE"\} 4$/m);
  });
});
