/** STS AssumeRole and GetCallerIdentity through the real STSClient; sessions used for metering. */
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AwsEmulator } from '../src/index.js';
import {
  batch,
  type Clock,
  EXTERNAL_ID,
  errorName,
  HUB_ACCOUNT,
  HUB_KEY,
  meteringClient,
  NOW,
  ROLE_ARN,
  SELLER_ACCOUNT,
  SELLER_KEY,
  startSeededEmulator,
  stsClient,
  usageRecord,
} from './helpers.js';

let emulator: AwsEmulator;
let clock: Clock;

beforeEach(async () => {
  ({ emulator, clock } = await startSeededEmulator());
});
afterEach(async () => {
  await emulator.close();
});

async function assume(overrides: { ExternalId?: string; DurationSeconds?: number; RoleArn?: string } = {}) {
  return stsClient(emulator).send(
    new AssumeRoleCommand({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'hub-metering',
      ExternalId: EXTERNAL_ID,
      ...overrides,
    }),
  );
}

describe('AssumeRole', () => {
  it('issues temporary credentials that act as the role account for metering', async () => {
    const answer = await assume();
    const credentials = answer.Credentials;
    expect(credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials?.SecretAccessKey).toBeTruthy();
    expect(credentials?.SessionToken).toBeTruthy();
    expect(credentials?.Expiration?.toISOString()).toBe(new Date(NOW.getTime() + 3600_000).toISOString());
    expect(answer.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${SELLER_ACCOUNT}:assumed-role/HubMetering/hub-metering`,
    );
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:hub-metering$/);
    expect(answer.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const session = {
      accessKeyId: credentials?.AccessKeyId ?? '',
      secretAccessKey: credentials?.SecretAccessKey ?? '',
      sessionToken: credentials?.SessionToken ?? '',
    };
    const metered = await batch(meteringClient(emulator, session), [usageRecord()]);
    expect(metered.Results?.[0]?.Status).toBe('Success');
    expect(emulator.records()[0]?.callerAccountId).toBe(SELLER_ACCOUNT);

    const identity = await stsClient(emulator, session).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: SELLER_ACCOUNT,
      Arn: `arn:aws:sts::${SELLER_ACCOUNT}:assumed-role/HubMetering/hub-metering`,
    });
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:hub-metering$/);

    // Expiry on the injected clock.
    clock.now = new Date(NOW.getTime() + 3600_000);
    expect(await errorName(batch(meteringClient(emulator, session), [usageRecord()]))).toBe(
      'ExpiredTokenException',
    );
    expect(await errorName(stsClient(emulator, session).send(new GetCallerIdentityCommand({})))).toBe(
      'ExpiredToken',
    );
  });

  it('honours DurationSeconds within the role maximum', async () => {
    const answer = await assume({ DurationSeconds: 900 });
    expect(answer.Credentials?.Expiration?.getTime()).toBe(NOW.getTime() + 900_000);
    expect(await errorName(assume({ DurationSeconds: 7200 }))).toBe('ValidationError');
    expect(await errorName(assume({ DurationSeconds: 60 }))).toBe('ValidationError');
  });

  it('answers AccessDenied for a wrong or missing external id, an unknown role and an untrusted account', async () => {
    const wrong = assume({ ExternalId: 'wrong' });
    await expect(wrong).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${HUB_ACCOUNT}:user/hub is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
      $metadata: { httpStatusCode: 403 },
    });
    expect(
      await errorName(
        stsClient(emulator).send(
          new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'no-external-id' }),
        ),
      ),
    ).toBe('AccessDenied');
    expect(await errorName(assume({ RoleArn: `arn:aws:iam::${SELLER_ACCOUNT}:role/Unknown` }))).toBe(
      'AccessDenied',
    );
    // The seller's own key is not in the role's trusted accounts.
    expect(
      await errorName(
        stsClient(emulator, SELLER_KEY).send(
          new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 's', ExternalId: EXTERNAL_ID }),
        ),
      ),
    ).toBe('ValidationError'); // 's' is too short: validation comes first
    expect(
      await errorName(
        stsClient(emulator, SELLER_KEY).send(
          new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'seller', ExternalId: EXTERNAL_ID }),
        ),
      ),
    ).toBe('AccessDenied');
  });

  it('lets any seeded account assume a role without trustedAccountIds', async () => {
    const openRole = `arn:aws:iam::${SELLER_ACCOUNT}:role/path/Open`;
    emulator.seedRole({ roleArn: openRole });
    const answer = await assume({ RoleArn: openRole, ExternalId: undefined });
    expect(answer.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${SELLER_ACCOUNT}:assumed-role/Open/hub-metering`);
  });
});

describe('GetCallerIdentity', () => {
  it('describes an IAM user key', async () => {
    const identity = await stsClient(emulator).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: HUB_ACCOUNT, Arn: `arn:aws:iam::${HUB_ACCOUNT}:user/hub` });
    expect(identity.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });

  it('answers InvalidClientTokenId for an unknown key and SignatureDoesNotMatch for a wrong secret', async () => {
    const unknown = stsClient(emulator, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' });
    await expect(unknown.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    });
    const wrongSecret = stsClient(emulator, { ...HUB_KEY, secretAccessKey: 'not-the-secret' });
    await expect(wrongSecret.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
