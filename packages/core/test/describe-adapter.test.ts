import {
  defineAdapter,
  describeAdapter,
  describeCredentialFields,
  HOUR_MS,
  labelFromFieldName,
  splitIntoDimensions,
} from '@hub/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const credentialSchema = z
  .object({
    tenantId: z.string().trim().min(1).meta({ title: 'Tenant ID', description: 'the directory' }),
    clientSecret: z.string().min(1),
    region: z.string().optional().meta({ description: 'where it runs' }),
    roleArn: z.string().regex(/^arn:/).optional(),
  })
  .superRefine(() => {});

const adapter = defineAdapter({
  id: 'EXAMPLE_MARKETPLACE',
  displayName: 'Example Marketplace',
  externalSystem: 'ExampleMarketplace',
  credential: { schema: credentialSchema, secretFields: ['clientSecret'] },
  mappings: {
    account: {
      externalTable: 'Customer',
      description: 'account → customer',
      metadataFields: [
        { name: 'planId', label: 'Plan', description: 'the plan', required: true },
        { name: 'licenseArn' },
      ],
    },
    dimension: { externalTable: 'Dimension', description: 'product → dimension' },
  },
  limits: {
    maxBatchSize: 25,
    acceptanceWindowMs: 24 * HOUR_MS,
    slotLengthMs: HOUR_MS,
    fractionalQuantities: false,
    maxQuantityDecimalPlaces: 0,
    maxEventQuantity: '2147483647',
  },
  planUsage: (input) =>
    splitIntoDimensions(input.included, input.config, input.mappings, input.dimensionTarget),
  createClient: () => {
    throw new Error('not used');
  },
});

describe('labelFromFieldName', () => {
  it('makes a sentence-case label, acronyms in capitals', () => {
    expect(labelFromFieldName('clientSecret')).toBe('Client secret');
    expect(labelFromFieldName('tenantId')).toBe('Tenant ID');
    expect(labelFromFieldName('licenseArn')).toBe('License ARN');
    expect(labelFromFieldName('role_arn')).toBe('Role ARN');
    expect(labelFromFieldName('apiKey')).toBe('API key');
    expect(labelFromFieldName('region')).toBe('Region');
  });
});

describe('describeCredentialFields', () => {
  it('reads fields, required, meta and secret flags from the zod schema', () => {
    expect(describeCredentialFields(credentialSchema, ['clientSecret'])).toEqual([
      { name: 'tenantId', label: 'Tenant ID', description: 'the directory', secret: false, required: true },
      { name: 'clientSecret', label: 'Client secret', description: null, secret: true, required: true },
      { name: 'region', label: 'Region', description: 'where it runs', secret: false, required: false },
      { name: 'roleArn', label: 'Role ARN', description: null, secret: false, required: false },
    ]);
  });

  it('describes no fields for a schema that is not an object', () => {
    expect(describeCredentialFields(z.string(), [])).toEqual([]);
    expect(describeCredentialFields(z.object({}), [])).toEqual([]);
  });

  it('takes transforms on the input side', () => {
    const schema = z.object({ code: z.string().transform((value) => value.toUpperCase()) });
    expect(describeCredentialFields(schema, [])).toEqual([
      { name: 'code', label: 'Code', description: null, secret: false, required: true },
    ]);
  });
});

describe('describeAdapter', () => {
  it('describes the whole adapter as plain data', () => {
    const description = describeAdapter(adapter);
    expect(description).toEqual({
      id: 'EXAMPLE_MARKETPLACE',
      displayName: 'Example Marketplace',
      externalSystem: 'ExampleMarketplace',
      credential: { fields: describeCredentialFields(credentialSchema, ['clientSecret']) },
      mappings: {
        account: {
          externalTable: 'Customer',
          description: 'account → customer',
          metadataFields: [
            { name: 'planId', label: 'Plan', description: 'the plan', required: true },
            { name: 'licenseArn', label: 'License ARN', description: null, required: false },
          ],
        },
        dimension: { externalTable: 'Dimension', description: 'product → dimension' },
      },
      limits: {
        maxBatchSize: 25,
        acceptanceWindowMs: 24 * HOUR_MS,
        slotLengthMs: HOUR_MS,
        fractionalQuantities: false,
        maxQuantityDecimalPlaces: 0,
        maxEventQuantity: '2147483647',
      },
      prerequisites: false,
    });
    // Round-trips through JSON unchanged: nothing but data.
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });

  it('fills the optional parts with null and empty lists', () => {
    const minimal = describeAdapter({
      ...adapter,
      mappings: {
        account: { externalTable: 'Customer', description: 'd' },
        dimension: adapter.mappings.dimension,
      },
      limits: { ...adapter.limits, maxEventQuantity: undefined, slotLengthMs: null } as typeof adapter.limits,
      prerequisites: { checks: [] } as never,
    });
    expect(minimal.mappings.account.metadataFields).toEqual([]);
    expect(minimal.limits.maxEventQuantity).toBeNull();
    expect(minimal.limits.slotLengthMs).toBeNull();
    expect(minimal.prerequisites).toBe(true);
  });
});
