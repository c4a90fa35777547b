import type { Exchange } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsMarketplaceClient } from '../../src/index.js';
import { type Harness, HUB_KEY, SELLER_KEY, startHarness } from '../support/emulator.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.emulator.close();
});

/** Every session secret and token the emulator has issued. */
function issuedSecrets(): string[] {
  return [...harness.emulator.state.sessions.values()].flatMap((session) => [
    session.secretAccessKey,
    session.sessionToken,
  ]);
}

describe('exchanges', () => {
  it('records AssumeRole and BatchMeterUsage, redacted: no secret key, session secret or token anywhere', async () => {
    const client = new AwsMarketplaceClient(harness.context());
    try {
      const result = await client.submitBatch([harness.event(harness.customer())]);
      expect(result.outcomes[0]?.code).toBe('ACCEPTED');
      const [assume, meter] = result.exchanges as [Exchange, Exchange];
      expect(assume).toMatchObject({ method: 'POST', status: 200, url: `${harness.emulator.stsUrl}/` });
      expect(assume.requestBody).toMatchObject({ Action: 'AssumeRole', RoleSessionName: 'integration-hub' });
      expect(String(assume.responseBody)).toContain('<SecretAccessKey>[REDACTED]</SecretAccessKey>');
      expect(String(assume.responseBody)).toContain('<SessionToken>[REDACTED]</SessionToken>');
      expect(meter).toMatchObject({ method: 'POST', status: 200 });
      expect(meter.requestHeaders['x-amz-target']).toBe('AWSMPMeteringService.BatchMeterUsage');
      expect(meter.requestHeaders['authorization']).toBe('[REDACTED]');
      expect(meter.requestHeaders['x-amz-security-token']).toBe('[REDACTED]');
      expect(meter.requestId).not.toBeNull();
      expect(meter.requestBody).toMatchObject({
        UsageRecords: [expect.objectContaining({ Dimension: 'requests' })],
      });
      expect(meter.responseBody).toMatchObject({ Results: [expect.objectContaining({ Status: 'Success' })] });
      expect(meter.durationMs).toBeGreaterThanOrEqual(0);
      const secrets = [HUB_KEY.secretAccessKey, ...issuedSecrets()];
      expect(secrets.length).toBeGreaterThanOrEqual(3);
      const text = JSON.stringify(result.exchanges);
      for (const secret of secrets) expect(text).not.toContain(secret);
    } finally {
      await client.close();
    }
  });

  it('records a refused call with its error and never the secret', async () => {
    const client = new AwsMarketplaceClient(
      harness.context({
        roleArn: undefined,
        externalId: undefined,
        ...SELLER_KEY,
        secretAccessKey: 'bad-secret~77',
      }),
    );
    try {
      const result = await client.submitBatch([harness.event(harness.customer())]);
      expect(result.exchanges).toHaveLength(1);
      expect(result.exchanges[0]).toMatchObject({ status: 400 });
      expect(JSON.stringify(result.exchanges[0]?.responseBody)).toContain('InvalidSignatureException');
      expect(JSON.stringify(result)).not.toContain('bad-secret~77');
    } finally {
      await client.close();
    }
  });
});
