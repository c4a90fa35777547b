import { ZConfigData } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../../src/endpoints.js';
import { azureMarketplaceAdapter } from '../../src/index.js';
import { isAzureDimensionId } from '../../src/validate-config.js';

const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('credential schema', () => {
  const schema = azureMarketplaceAdapter.credential.schema;

  it('accepts a tenant GUID or domain, a client GUID and a secret', () => {
    expect(schema.safeParse({ tenantId: GUID, clientId: GUID, clientSecret: 's' }).success).toBe(true);
    expect(
      schema.safeParse({ tenantId: 'contoso.onmicrosoft.com', clientId: GUID, clientSecret: 's' }).success,
    ).toBe(true);
    expect(schema.parse({ tenantId: ` ${GUID} `, clientId: GUID, clientSecret: 's' }).tenantId).toBe(GUID);
  });

  it('refuses a malformed tenant, client or empty secret', () => {
    expect(schema.safeParse({ tenantId: 'not a tenant', clientId: GUID, clientSecret: 's' }).success).toBe(
      false,
    );
    expect(schema.safeParse({ tenantId: GUID, clientId: 'app', clientSecret: 's' }).success).toBe(false);
    expect(schema.safeParse({ tenantId: GUID, clientId: GUID, clientSecret: '' }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
  });

  it('marks only the secret as secret', () => {
    expect(azureMarketplaceAdapter.credential.secretFields).toEqual(['clientSecret']);
  });
});

describe('descriptor', () => {
  it('declares Azure identity, tables and limits', () => {
    expect(azureMarketplaceAdapter).toMatchObject({
      id: 'AZURE_MARKETPLACE',
      displayName: 'Azure Marketplace',
      externalSystem: 'AzureMarketplace',
      mappings: { account: { externalTable: 'Subscription' }, dimension: { externalTable: 'Dimension' } },
      limits: {
        maxBatchSize: 25,
        acceptanceWindowMs: 24 * 3_600_000,
        slotLengthMs: 3_600_000,
        fractionalQuantities: true,
        maxQuantityDecimalPlaces: 6,
      },
    });
  });
});

describe('validateConfig', () => {
  const validate = (marketplaceBillDimension: string) =>
    azureMarketplaceAdapter.validateConfig?.(ZConfigData.parse({ marketplaceBillDimension })) ?? [];

  it('accepts Partner Center dimension ids', () => {
    for (const id of ['datasourcecharge', 'dimension-included', 'dim1', 'emails_sent', 'v2.calls']) {
      expect(validate(id)).toEqual([]);
    }
  });

  it('refuses display names, odd characters and ids over 50 characters', () => {
    for (const id of ['Emails sent', 'dim/1', 'dïm', 'x'.repeat(51)]) {
      expect(validate(id)).toEqual([{ path: ['marketplaceBillDimension'], message: expect.any(String) }]);
    }
    expect(isAzureDimensionId('x'.repeat(50))).toBe(true);
  });

  it('has nothing to say when there is no bill dimension', () => {
    const config = ZConfigData.parse({ splitUsageLineItems: 'ITEM_PER_PRODUCT' });
    expect(azureMarketplaceAdapter.validateConfig?.(config)).toEqual([]);
  });
});

describe('endpoints', () => {
  it("defaults to Microsoft's public endpoints", () => {
    expect(resolveEndpoints({})).toEqual({
      apiUrl: 'https://marketplaceapi.microsoft.com/api',
      loginUrl: 'https://login.microsoftonline.com',
    });
  });

  it('takes the host-given ones, without trailing slashes', () => {
    expect(
      resolveEndpoints({ apiUrl: 'http://127.0.0.1:1234/api/', loginUrl: 'http://127.0.0.1:1234' }),
    ).toEqual({
      apiUrl: 'http://127.0.0.1:1234/api',
      loginUrl: 'http://127.0.0.1:1234',
    });
  });

  it('refuses what is not an http(s) base URL', () => {
    expect(() => resolveEndpoints({ apiUrl: 'ftp://x' })).toThrow(TypeError);
    expect(() => resolveEndpoints({ loginUrl: 'not a url' })).toThrow(TypeError);
    expect(() => resolveEndpoints({ apiUrl: 'https://x/api?x=1' })).toThrow(TypeError);
  });
});
