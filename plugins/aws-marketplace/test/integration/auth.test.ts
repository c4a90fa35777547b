import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsMarketplaceClient } from '../../src/index.js';
import { type Harness, ROLE_ARN, SELLER_ACCOUNT, SELLER_KEY, startHarness } from '../support/emulator.js';

let harness: Harness;
const clients: AwsMarketplaceClient[] = [];
const client = (credential: Parameters<Harness['context']>[0] = {}) => {
  const made = new AwsMarketplaceClient(harness.context(credential));
  clients.push(made);
  return made;
};

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await Promise.all(clients.map((made) => made.close()));
  await harness?.emulator.close();
});

describe('credentials against the emulator', () => {
  it('assumes the seller role with its ExternalId: verified as the role session, usage accepted', async () => {
    const hub = client();
    expect(await hub.verifyCredential()).toEqual({ ok: true });
    expect(hub.callerIdentity).toEqual({
      account: SELLER_ACCOUNT,
      arn: expect.stringContaining(`assumed-role/HubMetering/integration-hub`),
    });
    const customer = harness.customer();
    const result = await hub.submitBatch([harness.event(customer)]);
    expect(result.outcomes).toEqual([expect.objectContaining({ code: 'ACCEPTED' })]);
    expect(
      harness.emulator.records().filter((r) => r.customerAwsAccountId === customer.accountId),
    ).toHaveLength(1);
  });

  it('refuses a wrong ExternalId: verify names AccessDenied, usage is AUTH_FAILED', async () => {
    const hub = client({ externalId: 'not-the-external-id' });
    const verified = await hub.verifyCredential();
    expect(verified).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
    if (!verified.ok) expect(verified.error.message).toContain(ROLE_ARN);
    const result = await hub.submitBatch([harness.event(harness.customer())]);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ code: 'AUTH_FAILED', destinationStatus: 'AccessDenied' }),
    ]);
    expect(result.outcomes[0]?.message).toContain('AWS STS refused');
  });

  it('refuses a role the hub identity is not trusted by', async () => {
    const hub = client({ ...SELLER_KEY });
    const verified = await hub.verifyCredential();
    expect(verified).toMatchObject({ ok: false, error: { code: 'AccessDenied' } });
  });

  it('takes static keys alone (development)', async () => {
    const dev = client({ roleArn: undefined, externalId: undefined, ...SELLER_KEY });
    expect(await dev.verifyCredential()).toEqual({ ok: true });
    expect(dev.callerIdentity?.account).toBe(SELLER_ACCOUNT);
    const result = await dev.submitBatch([harness.event(harness.customer())]);
    expect(result.outcomes[0]?.code).toBe('ACCEPTED');
  });

  it('a wrong secret is AUTH_FAILED (InvalidSignatureException), and verify says SignatureDoesNotMatch', async () => {
    const dev = client({
      roleArn: undefined,
      externalId: undefined,
      ...SELLER_KEY,
      secretAccessKey: 'wrong~1234',
    });
    expect(await dev.verifyCredential()).toMatchObject({
      ok: false,
      error: { code: 'SignatureDoesNotMatch' },
    });
    const result = await dev.submitBatch([
      harness.event(harness.customer()),
      harness.event(harness.customer()),
    ]);
    expect(result.outcomes.map((o) => [o.code, o.destinationStatus])).toEqual([
      ['AUTH_FAILED', 'InvalidSignatureException'],
      ['AUTH_FAILED', 'InvalidSignatureException'],
    ]);
  });

  it('an unknown key is AUTH_FAILED (UnrecognizedClientException), and verify says InvalidClientTokenId', async () => {
    const dev = client({
      roleArn: undefined,
      externalId: undefined,
      accessKeyId: 'AKIAUNKNOWN000000001',
      secretAccessKey: 'x-secret~1',
    });
    expect(await dev.verifyCredential()).toMatchObject({
      ok: false,
      error: { code: 'InvalidClientTokenId' },
    });
    const result = await dev.submitBatch([harness.event(harness.customer())]);
    expect(result.outcomes[0]).toMatchObject({
      code: 'AUTH_FAILED',
      destinationStatus: 'UnrecognizedClientException',
    });
  });

  it('a wrong hub secret fails the AssumeRole: AUTH_FAILED with STS words', async () => {
    const hub = client({ secretAccessKey: 'wrong-hub~5555' });
    const result = await hub.submitBatch([harness.event(harness.customer())]);
    expect(result.outcomes[0]).toMatchObject({
      code: 'AUTH_FAILED',
      destinationStatus: 'SignatureDoesNotMatch',
    });
    expect(JSON.stringify(result)).not.toContain('wrong-hub~5555');
  });

  it('assumes the role once for many calls', async () => {
    const hub = client();
    const before = harness.emulator.stats().calls['AssumeRole'] ?? 0;
    for (let index = 0; index < 3; index++) {
      await hub.submitBatch([harness.event(harness.customer())]);
    }
    expect(await hub.verifyCredential()).toEqual({ ok: true });
    expect((harness.emulator.stats().calls['AssumeRole'] ?? 0) - before).toBe(1);
  });
});
