import {
  type CheckedAccountMapping,
  type MarketplaceClient,
  type PrerequisiteInput,
  type VerifyResult,
  ZConfigData,
} from '@hub/core';
import { describe, expect, it } from 'vitest';
import { awsMarketplaceAdapter, awsPrerequisites } from '../../src/index.js';

const LICENSE = 'arn:aws:license-manager::123456789012:license:l-0123456789abcdef';

function fakeClient(verify: VerifyResult): MarketplaceClient {
  return {
    verifyCredential: async () => verify,
    submitBatch: async () => {
      throw new Error('a check must never submit usage');
    },
    close: async () => {},
  };
}

function mapping(
  account: string,
  resourceId: string,
  metadata: Record<string, unknown> | null,
): CheckedAccountMapping {
  return { account, mappingId: `m-${account}`, resourceId, metadata, linked: true };
}

function input(
  overrides: Partial<PrerequisiteInput> = {},
  verify: VerifyResult = { ok: true },
): PrerequisiteInput {
  return {
    client: async () => fakeClient(verify),
    credential: {
      id: 'cred-1',
      name: 'AWS seller',
      fields: { roleArn: 'arn:aws:iam::111111111111:role/HubMetering', externalId: 'ext-1' },
    },
    accounts: [mapping('acc-1', '123456789012', { licenseArn: LICENSE })],
    accountTable: 'Customer',
    dimensions: [{ dimension: 'requests', sources: ['Product p1'] }],
    config: ZConfigData.parse({ splitUsageLineItems: 'ITEM_PER_PRODUCT' }),
    cached: (_key, load) => load(),
    maxResources: 50,
    concurrency: 4,
    ...overrides,
  };
}

const run = (value: PrerequisiteInput) => awsPrerequisites.run(value);

describe('AWS prerequisite checks', () => {
  it('is the adapter capability, with its names in order', async () => {
    expect(awsMarketplaceAdapter.prerequisites).toBe(awsPrerequisites);
    const results = await run(input());
    expect(results.map((result) => result.name)).toEqual(awsPrerequisites.names);
  });

  it('passes a good setup, saying what AWS cannot confirm', async () => {
    const [credential, customers, dimensions, prices] = await run(input());
    expect(credential).toMatchObject({ status: 'PASS' });
    expect(credential?.message).toContain('assume its role');
    expect(credential?.message).toContain('BatchMeterUsage cannot be checked');
    expect(customers).toMatchObject({ status: 'PASS' });
    expect(customers?.message).toContain('no API to confirm a SaaS subscription');
    expect(dimensions).toMatchObject({ status: 'PASS' });
    expect(prices).toMatchObject({ status: 'SKIP', ok: true });
    expect(prices?.message).toContain('no API to read a dimension');
    expect(prices?.message).toContain('0.01 USD');
    expect(prices?.message).toContain('docs/aws-setup.md');
  });

  it('fails the credential with AWS code and a hint', async () => {
    const [credential] = await run(
      input(
        {},
        { ok: false, error: { code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' } },
      ),
    );
    expect(credential).toMatchObject({
      status: 'FAIL',
      ok: false,
      details: expect.objectContaining({ code: 'AccessDenied' }),
    });
    expect(credential?.message).toContain('ExternalId');
    const [keys] = await run(
      input(
        { credential: { id: 'c', name: 'dev', fields: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } } },
        { ok: false, error: { code: 'SignatureDoesNotMatch', message: 'bad signature' } },
      ),
    );
    expect(keys?.message).toContain('secret access key does not belong');
  });

  it('fails customers with a bad account id, license or a legacy customer without a product code, naming the account', async () => {
    const [, customers] = await run(
      input({
        accounts: [
          mapping('acc-good', '123456789012', { licenseArn: LICENSE }),
          mapping('acc-short', '12345', { licenseArn: LICENSE }),
          mapping('acc-nolicense', '210987654321', {}),
          mapping('acc-legacy', '111122223333', { customerIdentifier: 'cust-1' }),
        ],
      }),
    );
    expect(customers).toMatchObject({ status: 'FAIL', ok: false });
    expect(customers?.message).toContain('3 of 4');
    expect(customers?.message).toContain('acc-short');
    expect(customers?.message).toContain('acc-nolicense');
    expect(customers?.message).toContain('acc-legacy');
    expect(customers?.message).not.toContain('acc-good');
  });

  it('passes a legacy customer when the credential has a product code', async () => {
    const [, customers] = await run(
      input({
        credential: {
          id: 'c',
          name: 'legacy',
          fields: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', productCode: 'prod-1' },
        },
        accounts: [mapping('acc-legacy', '111122223333', { customerIdentifier: 'cust-1' })],
      }),
    );
    expect(customers).toMatchObject({ status: 'PASS' });
  });

  it('skips customers and dimensions when there is nothing to check', async () => {
    const [, customers, dimensions] = await run(input({ accounts: [], dimensions: [] }));
    expect(customers).toMatchObject({ status: 'SKIP' });
    expect(dimensions).toMatchObject({ status: 'SKIP' });
  });

  it('fails dimensions for a bad key or decimal places', async () => {
    const [, , bad] = await run(input({ dimensions: [{ dimension: ' padded', sources: ['Product p1'] }] }));
    expect(bad).toMatchObject({ status: 'FAIL' });
    expect(bad?.message).toContain('Product p1');
    const [, , places] = await run(
      input({ config: ZConfigData.parse({ marketplaceBillDimension: 'd', quantityDecimalPlaces: 2 }) }),
    );
    expect(places).toMatchObject({ status: 'FAIL' });
    expect(places?.message).toContain('quantityDecimalPlaces is 2');
  });
});
