import { describe, expect, it } from 'vitest';
import { CredentialSource, CredentialSourceError } from '../../src/index.js';

const ROLE = { roleArn: 'arn:aws:iam::111111111111:role/HubMetering', externalId: 'ext-1' };
const base = { region: 'us-east-1', stsUrl: undefined, stsPlugins: [], requestHandler: undefined };

describe('CredentialSource', () => {
  it('gives static keys as they are and remembers the secret for scrubbing', async () => {
    const source = new CredentialSource({
      ...base,
      credential: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'static~secret' },
    });
    expect(await source.provider()).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'static~secret',
    });
    expect(source.principal).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(source.secrets()).toContain('static~secret');
  });

  it('assumes the role once per session, renews it 5 minutes before it ends, and after a refusal', async () => {
    let now = 0;
    let calls = 0;
    const source = new CredentialSource({
      ...base,
      credential: ROLE,
      clock: () => now,
      assumeRole: async () => {
        calls += 1;
        return {
          accessKeyId: `ASIA${calls}`,
          secretAccessKey: `session-secret-${calls}`,
          sessionToken: `session-token-${calls}`,
          expiration: new Date(now + 3_600_000),
        };
      },
    });
    expect(source.principal).toBe(ROLE.roleArn);
    await Promise.all([source.provider(), source.provider()]);
    expect(calls).toBe(1);
    now += 54 * 60_000;
    await source.provider();
    expect(calls).toBe(1);
    now += 2 * 60_000;
    await source.provider();
    expect(calls).toBe(2);
    source.invalidate();
    await source.provider();
    expect(calls).toBe(3);
    expect(source.secrets()).toEqual(expect.arrayContaining(['session-secret-1', 'session-token-3']));
  });

  it('tells an STS refusal from STS being unreachable', async () => {
    const refusing = new CredentialSource({
      ...base,
      credential: ROLE,
      assumeRole: async () => {
        throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      },
    });
    const refused = await refusing.provider().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CredentialSourceError);
    expect(refused).toMatchObject({ code: 'AccessDenied', transient: false, httpStatus: 403 });

    const down = new CredentialSource({
      ...base,
      credential: ROLE,
      assumeRole: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
    });
    expect(await down.provider().catch((error: unknown) => error)).toMatchObject({
      code: 'ECONNREFUSED',
      transient: true,
    });
  });

  it('says so when there is no identity to assume the role from', async () => {
    const none = new CredentialSource({
      ...base,
      credential: ROLE,
      assumeRole: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
    });
    const error = await none.provider().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CredentialsProviderError', transient: false });
    expect((error as Error).message).toContain('no identity to assume the role from');
  });
});
