import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { OutboxRelay } from '../../src/queue/outbox-relay.js';
import { closeQueues, createQueues, type HubQueues } from '../../src/queue/queues.js';
import { createProducerConnection } from '../../src/queue/redis-connections.js';
import { syncSource } from '../../src/worker/sync-source.handler.js';
import { FakeBillingPlatform, fakeBillingSource } from '../support/fake-billing-source.js';
import { createSourceTestHub } from '../support/source-hub.js';
import type { TestHub } from '../support/test-hub.js';

let hub: TestHub;
let platform: FakeBillingPlatform;
let queues: HubQueues;
let producer: ReturnType<typeof createProducerConnection>;

beforeAll(async () => {
  platform = await new FakeBillingPlatform().start();
  hub = await createSourceTestHub([fakeBillingSource]);
  producer = createProducerConnection(inject('redisUrl'));
  queues = createQueues(producer, `hub-dedup-${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await closeQueues(queues);
  producer.disconnect();
  await hub?.close();
  await platform?.close();
});

it('a storm of webhooks and sync requests queues one waiting sync per source (no worker running)', async () => {
  const create = async () => {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/sources',
      payload: {
        type: 'FAKE_BILLING',
        name: 'storm',
        settings: { baseUrl: platform.url, organizationId: 'o' },
        credential: { apiKey: platform.apiKey },
      },
    });
    const url = new URL(res.json().webhookUrl);
    return { id: res.json().id as string, path: `${url.pathname}${url.search}` };
  };
  const a = await create();
  const b = await create();
  let accepted = 0;
  for (let i = 0; i < 8; i++) {
    const res = await hub.app.inject({ method: 'POST', url: a.path, payload: { billIds: [`s-${i}`] } });
    if (res.statusCode === 202) accepted++;
  }
  await hub.call({ method: 'POST', url: `/v1/sources/${a.id}/sync` });
  await hub.call({ method: 'POST', url: `/v1/sources/${a.id}/sync` });
  expect(accepted).toBeGreaterThan(2);
  const relay = new OutboxRelay({ db: hub.runtime.services.db, queues });
  while ((await relay.dispatchOnce()) > 0) {}
  const queue = queues.get('source.sync.v1')!;
  const waiting = await queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, 100);
  const bySource = new Map<string, number>();
  for (const job of waiting) bySource.set(job.data.sourceId, (bySource.get(job.data.sourceId) ?? 0) + 1);
  expect(Object.fromEntries(bySource)).toEqual({ [a.id]: 1, [b.id]: 1 });
});

it('a sync asked for while a refused-credential sync holds the source runs too, not left QUEUED for the sweep', async () => {
  const refusing = await new FakeBillingPlatform().start();
  try {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/sources',
      payload: {
        type: 'FAKE_BILLING',
        name: 'refused',
        settings: { baseUrl: refusing.url, organizationId: 'o' },
        credential: { apiKey: 'a-key-the-platform-refuses' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sourceId = res.json().id as string;
    const first = await hub.call({ method: 'POST', url: `/v1/sources/${sourceId}/sync` });
    expect(first.statusCode).toBe(202);
    // While the sync holds the source, the operator asks again: that job would find it busy.
    let second: string | null = null;
    refusing.onRequest = async () => {
      refusing.onRequest = null;
      const again = await hub.call({ method: 'POST', url: `/v1/sources/${sourceId}/sync` });
      second = again.json().id;
    };
    const result = await syncSource(hub.runtime.services, sourceId, 'MANUAL');
    expect(second).not.toBeNull();
    expect(second).not.toBe(first.json().id);
    expect(result.syncIds).toContain(second);
    const syncs = (await hub.call({ method: 'GET', url: `/v1/sources/${sourceId}/syncs` })).json().data as {
      id: string;
      status: string;
    }[];
    expect(syncs.map((sync) => sync.status).sort()).toEqual(['AUTH_FAILED', 'AUTH_FAILED']);
  } finally {
    await refusing.close();
  }
});
