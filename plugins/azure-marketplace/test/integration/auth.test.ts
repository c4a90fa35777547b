import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureMarketplaceClient } from '../../src/index.js';
import { CLIENT_SECRET, type Harness, startHarness } from '../support/emulator.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.emulator.close();
});

async function withClient<T>(
  credential: Parameters<Harness['context']>[0],
  use: (client: AzureMarketplaceClient) => Promise<T>,
): Promise<T> {
  const client = new AzureMarketplaceClient(h.context(credential));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('credentials against the emulator', () => {
  it('a good credential verifies', async () => {
    await withClient({}, async (client) => expect(await client.verifyCredential()).toEqual({ ok: true }));
  });

  it('a wrong secret: verifyCredential names AADSTS7000215, every event is AUTH_FAILED', async () => {
    const wrong = 'definitely-not-the-secret-42';
    await withClient({ clientSecret: wrong }, async (client) => {
      const verified = await client.verifyCredential();
      expect(verified).toEqual({
        ok: false,
        error: {
          code: 'AADSTS7000215',
          message: expect.stringContaining('AADSTS7000215: Invalid client secret provided.'),
        },
      });
      const resourceId = h.subscription();
      const result = await client.submitBatch([
        h.event(resourceId),
        h.event(resourceId, { dimension: 'sms' }),
      ]);
      expect(result.outcomes.map((o) => [o.code, o.destinationStatus])).toEqual([
        ['AUTH_FAILED', 'AADSTS7000215'],
        ['AUTH_FAILED', 'AADSTS7000215'],
      ]);
      // The token call is on record, Entra's answer included, the secret not.
      expect(result.exchanges).toHaveLength(1);
      expect(result.exchanges[0]).toMatchObject({
        status: 401,
        requestBody: { client_secret: '[REDACTED]' },
      });
      expect(JSON.stringify(result.exchanges[0]?.responseBody)).toContain('AADSTS7000215');
      expect(JSON.stringify(result.exchanges)).not.toContain(wrong);
      expect(h.emulator.events().filter((e) => e.resourceId === resourceId)).toHaveLength(0);
    });
  });

  it('an unknown tenant or app: AADSTS90002 / AADSTS700016', async () => {
    await withClient({ tenantId: '11111111-2222-3333-4444-555555555555' }, async (client) => {
      expect(await client.verifyCredential()).toMatchObject({ ok: false, error: { code: 'AADSTS90002' } });
    });
    await withClient({ clientId: '11111111-2222-3333-4444-555555555555' }, async (client) => {
      expect(await client.verifyCredential()).toMatchObject({ ok: false, error: { code: 'AADSTS700016' } });
    });
  });

  it('a tenant given as a domain is used as-is in the token URL', async () => {
    await withClient({ tenantId: 'contoso.onmicrosoft.com' }, async (client) => {
      // Not seeded in the emulator: refused as an unknown tenant, which proves the path carried it.
      const verified = await client.verifyCredential();
      expect(verified).toMatchObject({ ok: false, error: { code: 'AADSTS90002' } });
      if (!verified.ok) expect(verified.error.message).toContain('contoso.onmicrosoft.com');
    });
  });

  it('a revoked token is replaced once and the batch goes through', async () => {
    await withClient({}, async (client) => {
      const resourceId = h.subscription();
      expect((await client.submitBatch([h.event(resourceId)])).outcomes[0]?.code).toBe('ACCEPTED');
      expect(h.emulator.revokeTokens()).toBeGreaterThan(0);
      const result = await client.submitBatch([h.event(resourceId, { dimension: 'sms' })]);
      expect(result.outcomes[0]?.code).toBe('ACCEPTED');
      // The emulator answers a revoked token with 403, as the docs describe for an invalid token.
      expect(result.exchanges.map((e) => e.status)).toEqual([403, 200, 200]);
    });
  });

  it('concurrent submissions on a cold client share one token request', async () => {
    await withClient({}, async (client) => {
      const before = h.emulator.stats().tokenRequests.issued;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => client.submitBatch([h.event(h.subscription())])),
      );
      expect(results.map((r) => r.outcomes[0]?.code)).toEqual(Array(5).fill('ACCEPTED'));
      expect(h.emulator.stats().tokenRequests.issued).toBe(before + 1);
      expect(results.flatMap((r) => r.exchanges).filter((e) => e.url.includes('/oauth2/'))).toHaveLength(1);
    });
  });

  it('the token endpoint failing (503) is RETRYABLE, not an auth failure', async () => {
    h.emulator.setFaults({ rate503: 1, routes: ['token'], retryAfterSeconds: 2 });
    try {
      await withClient({}, async (client) => {
        const result = await client.submitBatch([h.event(h.subscription())]);
        expect(result.outcomes[0]?.code).toBe('RETRYABLE');
        expect(result.outcomes[0]?.message).toContain('could not get a token');
        const verified = await client.verifyCredential();
        expect(verified.ok).toBe(false);
      });
    } finally {
      h.emulator.setFaults({});
    }
  });

  it('the secret never appears in any exchange', async () => {
    await withClient({}, async (client) => {
      const result = await client.submitBatch([h.event(h.subscription())]);
      expect(result.exchanges.length).toBeGreaterThan(0);
      expect(JSON.stringify(result.exchanges)).not.toContain(CLIENT_SECRET);
    });
  });
});
