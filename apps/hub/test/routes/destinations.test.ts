import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

interface Field {
  name: string;
  label: string;
  description: string | null;
  secret: boolean;
  required: boolean;
}
interface Description {
  id: string;
  externalSystem: string;
  credential: { fields: Field[] };
  mappings: {
    account: { externalTable: string; metadataFields: Omit<Field, 'secret'>[] };
    dimension: { externalTable: string };
  };
  limits: Record<string, unknown>;
  prerequisites: boolean;
}

describe('GET /v1/destinations', () => {
  it('describes every loaded destination plugin', async () => {
    const res = await hub.call({ method: 'GET', url: '/v1/destinations' });
    expect(res.statusCode).toBe(200);
    const { data } = res.json() as { data: Description[] };
    expect(data.map((d) => d.id)).toEqual(['AWS_MARKETPLACE', 'AZURE_MARKETPLACE']);
    expect(data.map((d) => d.id)).toEqual([...hub.runtime.services.adapters.keys()].sort());

    const azure = data.find((d) => d.id === 'AZURE_MARKETPLACE')!;
    expect(azure).toMatchObject({
      displayName: 'Azure Marketplace',
      externalSystem: 'AzureMarketplace',
      mappings: {
        account: {
          externalTable: 'Subscription',
          description: expect.any(String),
          metadataFields: [
            { name: 'planId', label: 'Plan ID', description: expect.any(String), required: false },
          ],
        },
        dimension: { externalTable: 'Dimension', description: expect.any(String) },
      },
      limits: {
        maxBatchSize: 25,
        acceptanceWindowMs: 86_400_000,
        slotLengthMs: 3_600_000,
        fractionalQuantities: true,
        maxQuantityDecimalPlaces: 6,
        maxEventQuantity: null,
      },
      prerequisites: true,
    });
    expect(azure.credential.fields.map((f) => [f.name, f.secret, f.required])).toEqual([
      ['tenantId', false, true],
      ['clientId', false, true],
      ['clientSecret', true, true],
    ]);
    for (const field of azure.credential.fields) {
      expect(field.label).not.toBe('');
      expect(field.description).toEqual(expect.any(String));
    }

    const aws = data.find((d) => d.id === 'AWS_MARKETPLACE')!;
    expect(aws).toMatchObject({
      externalSystem: 'AwsMarketplace',
      mappings: { account: { externalTable: 'Customer' }, dimension: { externalTable: 'Dimension' } },
      limits: { fractionalQuantities: false, maxQuantityDecimalPlaces: 0, maxEventQuantity: '2147483647' },
    });
    expect(aws.credential.fields.map((f) => [f.name, f.secret, f.required])).toEqual([
      ['region', false, false],
      ['roleArn', false, false],
      ['externalId', false, false],
      ['accessKeyId', false, false],
      ['secretAccessKey', true, false],
      ['productCode', false, false],
    ]);
    expect(aws.mappings.account.metadataFields.map((f) => f.name)).toEqual([
      'licenseArn',
      'customerIdentifier',
    ]);
    // Exactly the contract's fields, nothing else (no schema internals, no values).
    expect(Object.keys(azure).sort()).toEqual(
      ['credential', 'displayName', 'externalSystem', 'id', 'limits', 'mappings', 'prerequisites'].sort(),
    );
    expect(Object.keys(aws.credential.fields[0]!).sort()).toEqual(
      ['description', 'label', 'name', 'required', 'secret'].sort(),
    );
  });

  it('carries no secret value', async () => {
    const secret = 'very-secret-value-that-must-not-leak';
    const created = await hub.call({
      method: 'POST',
      url: '/v1/integration-credentials',
      payload: {
        name: 'c',
        destination: 'AZURE_MARKETPLACE',
        tenantId: '11111111-2222-3333-4444-555555555555',
        clientId: '11111111-2222-3333-4444-555555555556',
        clientSecret: secret,
      },
    });
    expect(created.statusCode).toBe(201);
    const res = await hub.call({ method: 'GET', url: '/v1/destinations' });
    expect(res.body).not.toContain(secret);
    expect(res.body).not.toMatch(/"(value|default|clientSecret|secretAccessKey)"\s*:\s*"/);
  });

  it('requires a key', async () => {
    expect((await hub.call({ method: 'GET', url: '/v1/destinations', key: null })).statusCode).toBe(401);
    const res = await hub.call({ method: 'GET', url: '/v1/destinations', key: 'wrong' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHORIZED');
  });

  it('answers a key of any organization alike', async () => {
    const other = (
      await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'other-org', name: 'o' } })
    ).json().key as string;
    const res = await hub.call({ method: 'GET', url: '/v1/destinations', key: other });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(2);
  });
});
