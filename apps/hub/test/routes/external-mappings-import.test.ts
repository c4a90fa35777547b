import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;
let azureIntegration: string;
let awsIntegration: string;

const LICENSE = 'arn:aws:license-manager::123456789012:license:l-0123456789abcdef0123456789abcdef';

interface ImportAnswer {
  dryRun: boolean;
  applied: boolean;
  summary: { create: number; update: number; unchanged: number; error: number };
  rows: {
    index: number;
    action: string;
    mappingId: string | null;
    errors: { path: string; message: string }[];
  }[];
}

const importRows = (payload: unknown, key?: string) =>
  hub.call({
    method: 'POST',
    url: '/v1/external-mappings/import',
    payload: payload as object,
    ...(key ? { key } : {}),
  });

const subscription = (
  m3terId: string,
  externalId: string = randomUUID(),
  extra: Record<string, unknown> = {},
) => ({
  m3terEntity: 'Account',
  m3terId,
  externalSystem: 'AzureMarketplace',
  externalTable: 'Subscription',
  externalId,
  ...extra,
});

async function createIntegration(destination: string, configData: Record<string, unknown>) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/integrations',
    payload: { name: destination, destination, configData },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function allMappings(key?: string) {
  const res = await hub.call({
    method: 'GET',
    url: '/v1/external-mappings?pageSize=200',
    ...(key ? { key } : {}),
  });
  return res.json().data as Record<string, unknown>[];
}

beforeAll(async () => {
  hub = await createTestHub();
  otherKey = (
    await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
  ).json().key;
  azureIntegration = await createIntegration('AZURE_MARKETPLACE', { marketplaceBillDimension: 'd' });
  awsIntegration = await createIntegration('AWS_MARKETPLACE', {
    marketplaceBillDimension: 'd',
    quantityDecimalPlaces: 0,
  });
});
beforeEach(async () => {
  await hub.runtime.services.db.deleteFrom('external_mappings').execute();
});
afterAll(async () => hub?.close());

describe('POST /v1/external-mappings/import', () => {
  it('classifies rows against the stored mappings, and a dry run changes nothing', async () => {
    const kept = randomUUID();
    const old = randomUUID();
    for (const body of [
      subscription('acc-same', kept),
      subscription('acc-moved', old, { metadata: { planId: 'p' } }),
    ]) {
      expect(
        (await hub.call({ method: 'POST', url: '/v1/external-mappings', payload: body })).statusCode,
      ).toBe(201);
    }
    const before = await allMappings();
    const res = await importRows({
      dryRun: true,
      rows: [
        subscription('acc-new'),
        // Same id written in capitals: normalized as the single create would, so unchanged.
        subscription('acc-same', kept.toUpperCase()),
        subscription('acc-moved', old, { metadata: { planId: 'q' } }),
        subscription('acc-bad', 'not-a-guid'),
        {
          m3terEntity: 'Product',
          m3terId: 'prod-1',
          externalSystem: 'AzureMarketplace',
          externalTable: 'Dimension',
          externalId: 'dim-1',
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as ImportAnswer;
    expect(body.dryRun).toBe(true);
    expect(body.applied).toBe(false);
    expect(body.summary).toEqual({ create: 2, update: 1, unchanged: 1, error: 1 });
    expect(body.rows.map((row) => row.action)).toEqual(['CREATE', 'UNCHANGED', 'UPDATE', 'ERROR', 'CREATE']);
    const ids = new Map(before.map((m) => [m['m3terId'], m['id']]));
    expect(body.rows.map((row) => row.mappingId)).toEqual([
      null,
      ids.get('acc-same'),
      ids.get('acc-moved'),
      null,
      null,
    ]);
    expect(body.rows[3]!.errors).toEqual([{ path: 'externalId', message: expect.any(String) }]);
    expect(body.rows.filter((row) => row.action !== 'ERROR').every((row) => row.errors.length === 0)).toBe(
      true,
    );
    expect(await allMappings()).toEqual(before);
  });

  it('applies every change in one go and reports the new ids', async () => {
    const old = randomUUID();
    await hub.call({ method: 'POST', url: '/v1/external-mappings', payload: subscription('acc-1', old) });
    const fresh = randomUUID();
    const res = await importRows({
      dryRun: false,
      rows: [
        subscription('acc-1', fresh),
        subscription('acc-2'),
        {
          m3terEntity: 'Aggregation',
          m3terId: 'agg-1',
          externalSystem: 'AzureMarketplace',
          externalTable: 'Dimension',
          externalId: 'calls',
          metadata: { note: 1.5 },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as ImportAnswer;
    expect(body).toMatchObject({
      dryRun: false,
      applied: true,
      summary: { create: 2, update: 1, unchanged: 0, error: 0 },
    });
    const stored = await allMappings();
    expect(stored).toHaveLength(3);
    const byM3terId = new Map(stored.map((m) => [m['m3terId'], m]));
    expect(byM3terId.get('acc-1')).toMatchObject({ externalId: fresh, id: body.rows[0]!.mappingId });
    expect(byM3terId.get('acc-2')!['id']).toBe(body.rows[1]!.mappingId);
    expect(byM3terId.get('agg-1')).toMatchObject({ id: body.rows[2]!.mappingId, metadata: { note: '1.5' } });

    // The same file again: nothing left to do (metadata numbers compare as stored).
    const again = (
      await importRows({
        dryRun: false,
        rows: [
          subscription('acc-1', fresh),
          subscription('acc-2', byM3terId.get('acc-2')!['externalId'] as string),
          {
            m3terEntity: 'Aggregation',
            m3terId: 'agg-1',
            externalSystem: 'AzureMarketplace',
            externalTable: 'Dimension',
            externalId: 'calls',
            metadata: { note: 1.5 },
          },
        ],
      })
    ).json() as ImportAnswer;
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
    expect(again.applied).toBe(true);
  });

  it('any ERROR row refuses the whole import: 400 naming rows.<index>.<field>, nothing written', async () => {
    const res = await importRows({
      dryRun: false,
      rows: [
        subscription('acc-ok'),
        subscription('acc-bad', 'nope'),
        {
          m3terEntity: 'Account',
          m3terId: 'acc-x',
          externalSystem: 'AzureMarketplace',
          externalTable: 'Subscription',
        },
      ],
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d: { path: string }) => d.path)).toEqual([
      'rows.1.externalId',
      'rows.2.externalId',
    ]);
    expect(await allMappings()).toEqual([]);
  });

  it('checks each row as the single create does: tables, metadata, integrations', async () => {
    const otherIntegration = (
      await hub.call({
        method: 'POST',
        url: '/v1/integrations',
        key: otherKey,
        payload: {
          name: 'theirs',
          destination: 'AZURE_MARKETPLACE',
          configData: { marketplaceBillDimension: 'd' },
        },
      })
    ).json().id as string;
    const aws = (m3terId: string, metadata: unknown, extra: Record<string, unknown> = {}) => ({
      m3terEntity: 'Account',
      m3terId,
      externalSystem: 'AwsMarketplace',
      externalTable: 'Customer',
      externalId: '123456789012',
      metadata,
      ...extra,
    });
    const res = await importRows({
      dryRun: true,
      rows: [
        aws('aws-ok', { licenseArn: LICENSE }, { integrationConfigId: awsIntegration }),
        aws('aws-no-license', {}),
        aws('aws-bad-license', { licenseArn: 'arn:nope' }),
        subscription('az-wrong-table', randomUUID(), { externalTable: 'Customer' }),
        subscription('az-wrong-system', randomUUID(), { externalSystem: 'Nowhere' }),
        subscription('az-other-org', randomUUID(), { integrationConfigId: otherIntegration }),
        subscription('az-aws-integration', randomUUID(), { integrationConfigId: awsIntegration }),
        subscription('az-linked', randomUUID(), { integrationConfigId: azureIntegration }),
        { m3terEntity: 'Nothing', m3terId: '', externalSystem: 5 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = (res.json() as ImportAnswer).rows;
    expect(rows.map((row) => row.action)).toEqual([
      'CREATE',
      'ERROR',
      'ERROR',
      'ERROR',
      'ERROR',
      'ERROR',
      'ERROR',
      'CREATE',
      'ERROR',
    ]);
    const errorPaths = rows.map((row) => row.errors.map((e) => e.path).sort());
    expect(errorPaths).toEqual([
      [],
      ['metadata.licenseArn'],
      ['metadata.licenseArn'],
      ['externalTable'],
      ['externalSystem'],
      ['integrationConfigId'],
      ['externalSystem'],
      [],
      ['externalId', 'externalSystem', 'externalTable', 'm3terEntity', 'm3terId'],
    ]);
  });

  it('the top-level integrationConfigId links the rows that leave it out', async () => {
    const res = await importRows({
      dryRun: false,
      integrationConfigId: azureIntegration,
      rows: [
        subscription('acc-linked'),
        subscription('acc-unlinked', randomUUID(), { integrationConfigId: null }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await allMappings();
    const byM3terId = new Map(stored.map((m) => [m['m3terId'], m]));
    expect(byM3terId.get('acc-linked')!['integrationConfigId']).toBe(azureIntegration);
    expect(byM3terId.get('acc-unlinked')!['integrationConfigId']).toBeNull();
    // A linked and an unlinked mapping of one account are different keys: both UNCHANGED now.
    const again = (
      await importRows({
        dryRun: true,
        integrationConfigId: azureIntegration,
        rows: [
          subscription('acc-linked', byM3terId.get('acc-linked')!['externalId'] as string),
          subscription('acc-unlinked', byM3terId.get('acc-unlinked')!['externalId'] as string, {
            integrationConfigId: null,
          }),
        ],
      })
    ).json() as ImportAnswer;
    expect(again.summary.unchanged).toBe(2);
  });

  it('a key given twice in the file is an ERROR on the later row', async () => {
    const res = await importRows({
      dryRun: true,
      rows: [subscription('acc-1'), subscription('acc-2'), subscription('acc-1'), subscription(' acc-1 ')],
    });
    const body = res.json() as ImportAnswer;
    expect(body.rows.map((row) => row.action)).toEqual(['CREATE', 'CREATE', 'ERROR', 'ERROR']);
    expect(body.rows[2]!.errors).toEqual([{ path: 'm3terId', message: expect.stringContaining('row 0') }]);
    const applied = await importRows({
      dryRun: false,
      rows: [subscription('acc-1'), subscription('acc-1')],
    });
    expect(applied.statusCode).toBe(400);
    expect(applied.json().error.details).toEqual([{ path: 'rows.1.m3terId', message: expect.any(String) }]);
  });

  it('a mapping synced from a source is not changed from here', async () => {
    const created = (
      await hub.call({ method: 'POST', url: '/v1/external-mappings', payload: subscription('acc-synced') })
    ).json();
    const sourceId = randomUUID();
    await hub.runtime.services.db
      .updateTable('external_mappings')
      .set({ source_id: sourceId, source_ref: 'ref' })
      .where('id', '=', created.id)
      .execute();
    const res = await importRows({
      dryRun: true,
      rows: [
        subscription('acc-synced', created.externalId),
        subscription('acc-synced', randomUUID(), { integrationConfigId: azureIntegration }),
      ],
    });
    expect((res.json() as ImportAnswer).rows.map((r) => r.action)).toEqual(['UNCHANGED', 'CREATE']);
    const changed = (
      await importRows({ dryRun: true, rows: [subscription('acc-synced', randomUUID())] })
    ).json() as ImportAnswer;
    expect(changed.rows[0]).toMatchObject({
      action: 'ERROR',
      mappingId: created.id,
      errors: [{ path: 'externalId' }],
    });
  });

  it('keeps organizations apart', async () => {
    await hub.call({ method: 'POST', url: '/v1/external-mappings', payload: subscription('acc-shared') });
    const res = await importRows({ dryRun: false, rows: [subscription('acc-shared')] }, otherKey);
    expect(res.statusCode).toBe(200);
    expect((res.json() as ImportAnswer).summary.create).toBe(1);
    expect(await allMappings(otherKey)).toHaveLength(1);
    expect(await allMappings()).toHaveLength(1);
  });

  it('refuses a malformed request naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ rows: [subscription('a')] }, 'dryRun'],
      [{ dryRun: 'yes', rows: [subscription('a')] }, 'dryRun'],
      [{ dryRun: true, rows: [] }, 'rows'],
      [{ dryRun: true }, 'rows'],
      [{ dryRun: true, rows: 'x' }, 'rows'],
      [{ dryRun: true, rows: [5] }, 'rows.0'],
      [{ dryRun: true, integrationConfigId: '', rows: [subscription('a')] }, 'integrationConfigId'],
      [{ dryRun: true, rows: Array.from({ length: 5001 }, (_, i) => subscription(`a${i}`, 'x')) }, 'rows'],
    ];
    for (const [payload, path] of cases) {
      const res = await importRows(payload);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(
        res.json().error.details.map((d: { path: string }) => d.path),
        path,
      ).toContain(path);
    }
    expect(
      (
        await hub.call({
          method: 'POST',
          url: '/v1/external-mappings/import',
          payload: { dryRun: true, rows: [subscription('a')] },
          key: null,
        })
      ).statusCode,
    ).toBe(401);
  });

  it('takes 5000 rows in one transaction', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) =>
      i % 2 === 0
        ? subscription(`acc-${i}`)
        : {
            m3terEntity: 'Product',
            m3terId: `prod-${i}`,
            externalSystem: 'AzureMarketplace',
            externalTable: 'Dimension',
            externalId: `dim-${i}`,
          },
    );
    const started = Date.now();
    const res = await importRows({ dryRun: false, rows });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect((res.json() as ImportAnswer).summary).toEqual({ create: 5000, update: 0, unchanged: 0, error: 0 });
    const count = await hub.runtime.services.db
      .selectFrom('external_mappings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(5000);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
