import { parseAdapterEnvironments, ZConfigData } from '@hub/core';
import { describe, expect, it } from 'vitest';
import defaultExport, {
  awsMarketplaceAdapter,
  resolveAwsEndpoints,
  validateAwsConfig,
  ZAwsCredential,
} from '../../src/index.js';

const issuesOf = (value: unknown) => {
  const parsed = ZAwsCredential.safeParse(value);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
};

describe('credential', () => {
  it('takes a role with its external id, with or without source keys', () => {
    expect(
      issuesOf({ roleArn: 'arn:aws:iam::123456789012:role/HubMetering', externalId: 'hub-ext-1' }),
    ).toEqual([]);
    expect(
      issuesOf({
        roleArn: 'arn:aws:iam::123456789012:role/path/HubMetering',
        externalId: 'hub-ext-1',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        region: 'eu-west-1',
        productCode: 'prod-abc123',
      }),
    ).toEqual([]);
  });

  it('takes static keys alone', () => {
    expect(issuesOf({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' })).toEqual([]);
  });

  it('refuses neither role nor keys, naming the fields', () => {
    const issues = issuesOf({ region: 'us-east-1' });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['roleArn']);
    expect(issues[0]?.message).toMatch(/roleArn.*externalId.*accessKeyId.*secretAccessKey/);
  });

  it('refuses half a pair, naming the missing field', () => {
    expect(issuesOf({ roleArn: 'arn:aws:iam::123456789012:role/R' }).map((i) => i.path)).toEqual([
      ['externalId'],
    ]);
    expect(issuesOf({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }).map((i) => i.path)).toEqual([
      ['secretAccessKey'],
    ]);
    expect(
      issuesOf({ secretAccessKey: 's', roleArn: 'arn:aws:iam::123456789012:role/R', externalId: 'ab' }).map(
        (i) => i.path,
      ),
    ).toEqual([['accessKeyId']]);
  });

  it('refuses malformed fields', () => {
    const paths = (value: unknown) => issuesOf(value).map((issue) => issue.path.join('.'));
    expect(paths({ roleArn: 'HubMetering', externalId: 'abc' })).toContain('roleArn');
    expect(paths({ roleArn: 'arn:aws:iam::123456789012:role/R', externalId: 'a' })).toContain('externalId');
    expect(paths({ accessKeyId: 'short', secretAccessKey: 's' })).toContain('accessKeyId');
    expect(
      paths({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's', region: 'Virginia' }),
    ).toContain('region');
    expect(
      paths({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's', productCode: 'a b' }),
    ).toContain('productCode');
  });

  it('keeps only the secret access key secret', () => {
    expect(awsMarketplaceAdapter.credential.secretFields).toEqual(['secretAccessKey']);
  });
});

describe('validateConfig', () => {
  it('requires quantityDecimalPlaces 0', () => {
    const config = ZConfigData.parse({ marketplaceBillDimension: 'api_calls', quantityDecimalPlaces: 2 });
    expect(validateAwsConfig(config)).toEqual([
      { path: ['quantityDecimalPlaces'], message: expect.stringContaining('must be 0') },
    ]);
    expect(validateAwsConfig(ZConfigData.parse({ marketplaceBillDimension: 'api_calls' }))).toEqual([]);
  });
});

describe('environment', () => {
  it('declares the endpoints and the region, parsed by the host', () => {
    const parsed = parseAdapterEnvironments([awsMarketplaceAdapter], {
      AWS_MARKETPLACE_METERING_URL: 'http://127.0.0.1:4010',
      AWS_STS_URL: 'http://127.0.0.1:4011',
    });
    expect(parsed.get('AWS_MARKETPLACE')).toEqual({
      meteringUrl: 'http://127.0.0.1:4010',
      stsUrl: 'http://127.0.0.1:4011',
      region: 'us-east-1',
    });
    const defaults = parseAdapterEnvironments([awsMarketplaceAdapter], { AWS_REGION: 'eu-central-1' });
    expect(defaults.get('AWS_MARKETPLACE')).toEqual({
      meteringUrl: undefined,
      stsUrl: undefined,
      region: 'eu-central-1',
    });
  });

  it('refuses a bad URL or region, naming the variable', () => {
    expect(() =>
      parseAdapterEnvironments([awsMarketplaceAdapter], { AWS_STS_URL: 'nope', AWS_REGION: 'Virginia' }),
    ).toThrow(/AWS_STS_URL[\s\S]*AWS_REGION/);
  });

  it('resolves endpoints with defaults', () => {
    expect(resolveAwsEndpoints({})).toEqual({
      meteringUrl: undefined,
      stsUrl: undefined,
      region: 'us-east-1',
    });
    expect(resolveAwsEndpoints({ meteringUrl: 'http://127.0.0.1:1/' }).meteringUrl).toBe(
      'http://127.0.0.1:1',
    );
    expect(() => resolveAwsEndpoints({ stsUrl: 'ftp://x' })).toThrow(/http/);
  });
});

describe('descriptor', () => {
  it('is the default export too', () => {
    expect(defaultExport).toBe(awsMarketplaceAdapter);
    expect(awsMarketplaceAdapter).toMatchObject({
      id: 'AWS_MARKETPLACE',
      displayName: 'AWS Marketplace',
      externalSystem: 'AwsMarketplace',
      mappings: { account: { externalTable: 'Customer' }, dimension: { externalTable: 'Dimension' } },
      limits: {
        maxBatchSize: 25,
        acceptanceWindowMs: 86_400_000,
        slotMarginMs: 3_600_000,
        slotLengthMs: 3_600_000,
        fractionalQuantities: false,
        maxQuantityDecimalPlaces: 0,
        maxEventQuantity: '2147483647',
      },
    });
  });

  it('keeps legacy and license events in separate batches', () => {
    const key = awsMarketplaceAdapter.limits.batchKey!;
    const base = {
      id: 'e',
      resourceId: '123456789012',
      dimension: 'd',
      quantity: '1',
      effectiveStartTime: '',
    };
    expect(key({ ...base, planId: 'customer-identifier:c' })).not.toBe(
      key({ ...base, planId: 'arn:aws:x:y:z:w' }),
    );
  });
});
