import {
  type CheckedAccountMapping,
  type ConfigData,
  credentialCheck,
  defineAdapter,
  HOUR_MS,
  isMarketplaceAdapter,
  type MarketplaceAdapter,
  type MarketplaceClient,
  type PrerequisiteInput,
  type ResourceDescription,
  resourcesCheck,
  standardPrerequisites,
  type VerifyResult,
} from '@hub/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function adapterFields(): MarketplaceAdapter<{ apiKey: string }> {
  return {
    id: 'LOOK_ALIKE',
    displayName: 'Look-alike',
    externalSystem: 'LookAlike',
    credential: { schema: z.object({ apiKey: z.string() }), secretFields: ['apiKey'] },
    mappings: {
      account: { externalTable: 'Customer', description: 'account → customer' },
      dimension: { externalTable: 'Dimension', description: 'product → dimension' },
    },
    limits: {
      maxBatchSize: 25,
      acceptanceWindowMs: 24 * HOUR_MS,
      slotLengthMs: HOUR_MS,
      fractionalQuantities: false,
      maxQuantityDecimalPlaces: 0,
    },
    planUsage: () => {
      throw new Error('not used');
    },
    createClient: () => {
      throw new Error('not used');
    },
  };
}

describe('isMarketplaceAdapter', () => {
  it("is true for defineAdapter's result and false for a plain object of the same shape", () => {
    expect(isMarketplaceAdapter(defineAdapter(adapterFields()))).toBe(true);
    expect(isMarketplaceAdapter(adapterFields())).toBe(false);
    expect(isMarketplaceAdapter({ ...defineAdapter(adapterFields()) })).toBe(false);
  });

  it('is false for anything else, and the mark is invisible to keys and JSON', () => {
    for (const value of [undefined, null, 0, 'AZURE_MARKETPLACE', () => {}, [], {}]) {
      expect(isMarketplaceAdapter(value)).toBe(false);
    }
    const adapter = defineAdapter(adapterFields());
    expect(Object.keys(adapter)).toEqual(Object.keys(adapterFields()));
    expect(JSON.stringify(adapter)).toBe(JSON.stringify(adapterFields()));
  });

  it('recognises the mark of any copy of core (a registered symbol)', () => {
    const marked = Object.defineProperty(adapterFields(), Symbol.for('@hub/core/marketplace-adapter'), {
      value: true,
    });
    expect(isMarketplaceAdapter(marked)).toBe(true);
  });
});

/** A client whose answers the test sets, counting its calls. */
class FakeClient implements MarketplaceClient {
  verifyCalls = 0;
  described: string[] = [];
  constructor(
    private readonly verify: VerifyResult | Error,
    private readonly resources: Record<string, ResourceDescription | Error> = {},
  ) {}
  async verifyCredential(): Promise<VerifyResult> {
    this.verifyCalls += 1;
    if (this.verify instanceof Error) throw this.verify;
    return this.verify;
  }
  async describeResource(resourceId: string): Promise<ResourceDescription> {
    this.described.push(resourceId);
    const answer = this.resources[resourceId];
    if (answer === undefined)
      return { ok: false, code: 'REJECTED', message: 'no such customer', exchanges: [] };
    if (answer instanceof Error) throw answer;
    return answer;
  }
  async submitBatch(): Promise<never> {
    throw new Error('checks never submit usage');
  }
  async close(): Promise<void> {}
}

/** A client without describeResource. */
class BlindClient implements MarketplaceClient {
  async verifyCredential(): Promise<VerifyResult> {
    return { ok: true };
  }
  async submitBatch(): Promise<never> {
    throw new Error('checks never submit usage');
  }
  async close(): Promise<void> {}
}

const active = (planId: string | null, status = 'Active'): ResourceDescription => ({
  ok: true,
  planId,
  active: true,
  status,
  exchanges: [],
});

const mapping = (account: string, resourceId: string, metadata: Record<string, unknown> | null = null) =>
  ({
    account,
    mappingId: `map-${account}`,
    resourceId,
    metadata,
    linked: true,
  }) satisfies CheckedAccountMapping;

/** A PrerequisiteInput around `client`; `caching` keeps answers like the host's cache does. */
function inputFor(
  client: MarketplaceClient,
  options: { accounts?: CheckedAccountMapping[]; caching?: boolean; maxResources?: number } = {},
) {
  const cache = new Map<string, unknown>();
  const cachedKeys: string[] = [];
  let clientCalls = 0;
  const input: PrerequisiteInput = {
    client: async () => {
      clientCalls += 1;
      return client;
    },
    credential: { id: 'cred-1', name: 'Production', fields: { tenantId: 'tenant-1' } },
    accounts: options.accounts ?? [],
    accountTable: 'Customer',
    dimensions: [],
    config: {} as ConfigData,
    cached: async <T>(key: string, load: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> => {
      cachedKeys.push(key);
      if (options.caching && cache.has(key)) return cache.get(key) as T;
      const value = await load();
      if (options.caching && (keep?.(value) ?? true)) cache.set(key, value);
      return value;
    },
    maxResources: options.maxResources ?? 50,
    concurrency: 3,
  };
  return { input, cachedKeys, clientCalls: () => clientCalls };
}

describe('credentialCheck', () => {
  it('passes when the destination accepts the credential, naming it and who answered', async () => {
    const { input } = inputFor(new FakeClient({ ok: true }));
    const check = await credentialCheck(input, { issuer: 'Example' });
    expect(check).toEqual({
      name: 'credential',
      ok: true,
      status: 'PASS',
      message: 'credential cred-1 (Production) is connected and Example issued a token for it',
      details: { credential: { tenantId: 'tenant-1', id: 'cred-1', name: 'Production' } },
    });
    const keys = await credentialCheck(input, { issuer: 'Example', accepted: 'accepted the keys' });
    expect(keys.message).toBe('credential cred-1 (Production) is connected and Example accepted the keys');
  });

  it("fails with the destination's code, its words and the hint for that code", async () => {
    const client = new FakeClient({
      ok: false,
      error: { code: 'BAD_SECRET', message: 'the secret has expired' },
    });
    const { input } = inputFor(client);
    const check = await credentialCheck(input, {
      issuer: 'Example',
      hint: (code) => (code === 'BAD_SECRET' ? 'create a new client secret' : null),
    });
    expect(check.status).toBe('FAIL');
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      'Example refused a token for credential cred-1 (Production): BAD_SECRET: the secret has expired ' +
        '(create a new client secret). Runs would end AUTH_FAILED',
    );
    expect(check.details).toEqual({
      credential: { tenantId: 'tenant-1', id: 'cred-1', name: 'Production' },
      code: 'BAD_SECRET',
    });
  });

  it('does not repeat a code the message already names, and gives no hint when the hint has none', async () => {
    const client = new FakeClient({
      ok: false,
      error: { code: 'AADSTS7000215', message: 'AADSTS7000215: bad' },
    });
    const check = await credentialCheck(inputFor(client).input, {
      issuer: 'Entra',
      refused: 'refused',
      hint: () => null,
    });
    expect(check.message).toBe(
      'Entra refused credential cred-1 (Production): AADSTS7000215: bad. Runs would end AUTH_FAILED',
    );
  });

  it('turns a client that throws into a FAIL with code VERIFY_FAILED', async () => {
    const check = await credentialCheck(inputFor(new FakeClient(new Error('socket hang up'))).input, {
      issuer: 'Example',
    });
    expect(check.status).toBe('FAIL');
    expect(check.details['code']).toBe('VERIFY_FAILED');
    expect(check.message).toContain('VERIFY_FAILED: socket hang up');
  });

  it('asks through the cache: a second check with a caching input does not call the client again', async () => {
    const client = new FakeClient({ ok: true });
    const { input, cachedKeys } = inputFor(client, { caching: true });
    await credentialCheck(input, { issuer: 'Example' });
    const again = await credentialCheck(input, { issuer: 'Example' });
    expect(again.status).toBe('PASS');
    expect(client.verifyCalls).toBe(1);
    expect(cachedKeys).toEqual(['credential', 'credential']);
  });
});

describe('resourcesCheck', () => {
  it('skips without Account mappings', async () => {
    const client = new FakeClient({ ok: true });
    const { check, active: found } = await resourcesCheck(inputFor(client).input, {
      tokenOk: true,
      displayName: 'Example',
    });
    expect(check).toMatchObject({ name: 'subscriptions', status: 'SKIP', ok: true });
    expect(check.message).toContain('no Account mapping');
    expect(found).toEqual([]);
    expect(client.described).toEqual([]);
  });

  it('skips without a token, asking the destination nothing', async () => {
    const client = new FakeClient({ ok: true }, { c1: active('plan-a') });
    const { check } = await resourcesCheck(inputFor(client, { accounts: [mapping('a1', 'c1')] }).input, {
      tokenOk: false,
      displayName: 'Example',
    });
    expect(check).toMatchObject({ status: 'SKIP', ok: true });
    expect(check.message).toContain('no token');
    expect(client.described).toEqual([]);
  });

  it('skips when the client cannot describe resources', async () => {
    const { check } = await resourcesCheck(
      inputFor(new BlindClient(), { accounts: [mapping('a1', 'c1')] }).input,
      {
        tokenOk: true,
        displayName: 'Example',
        name: 'customers',
      },
    );
    expect(check).toMatchObject({ name: 'customers', status: 'SKIP', ok: true });
    expect(check.message).toBe('Example cannot describe its resources; not checked');
  });

  it("fails for an inactive resource, in the destination's words", async () => {
    const client = new FakeClient(
      { ok: true },
      {
        c1: active('plan-a'),
        c2: { ok: true, planId: 'plan-a', active: false, status: 'Suspended', exchanges: [] },
      },
    );
    const { check, active: found } = await resourcesCheck(
      inputFor(client, { accounts: [mapping('a1', 'c1'), mapping('a2', 'c2')] }).input,
      { tokenOk: true, displayName: 'Example', activeWord: 'Subscribed' },
    );
    expect(check.status).toBe('FAIL');
    expect(check.ok).toBe(false);
    expect(check.message).toBe(
      '1 of 2 Account mappings cannot take usage: customer c2 (account a2) is Suspended, not Subscribed: ' +
        'usage for it would be refused',
    );
    expect(found).toEqual([{ resourceId: 'c1', planId: 'plan-a' }]);
  });

  it("fails when the mapping's plan (planIdOf) is not the resource's plan", async () => {
    const client = new FakeClient({ ok: true }, { c1: active('plan-b') });
    const { check } = await resourcesCheck(
      inputFor(client, { accounts: [mapping('a1', 'c1', { planId: 'plan-a' })] }).input,
      {
        tokenOk: true,
        displayName: 'Example',
        planIdOf: (metadata) => (typeof metadata?.['planId'] === 'string' ? metadata['planId'] : null),
      },
    );
    expect(check.status).toBe('FAIL');
    expect(check.message).toContain(
      'the Account mapping of account a1 says planId plan-a, but customer c1 is on plan plan-b',
    );
    expect(check.details['subscriptions']).toEqual([
      expect.objectContaining({ account: 'a1', planId: 'plan-b', mappingPlanId: 'plan-a', ok: false }),
    ]);
  });

  it('fails for a resource the destination does not know, and for one it refuses to show (with the hint)', async () => {
    const client = new FakeClient(
      { ok: true },
      { c2: { ok: false, code: 'AUTH_FAILED', message: '403 Forbidden', exchanges: [] } },
    );
    const { check } = await resourcesCheck(
      inputFor(client, { accounts: [mapping('a1', 'c1'), mapping('a2', 'c2')] }).input,
      { tokenOk: true, displayName: 'Example', refusedHint: 'grant the app access' },
    );
    expect(check.status).toBe('FAIL');
    expect(check.message).toContain('customer c1 (account a1) was not found: no such customer');
    expect(check.message).toContain(
      'Example refused to show customer c2 (account a2): 403 Forbidden; grant the app access',
    );
  });

  it('passes listing the plans, each resource looked up once', async () => {
    const client = new FakeClient(
      { ok: true },
      { c1: active('plan-a'), c2: active('plan-b'), c3: active('plan-a') },
    );
    const accounts = [mapping('a1', 'c1'), mapping('a2', 'c2'), mapping('a3', 'c3'), mapping('a4', 'c1')];
    const { check, active: found } = await resourcesCheck(inputFor(client, { accounts }).input, {
      tokenOk: true,
      displayName: 'Example',
    });
    expect(check).toMatchObject({ name: 'subscriptions', status: 'PASS', ok: true });
    expect(check.message).toBe('all 3 customers exist and are active (plans plan-a, plan-b)');
    expect(check.details['checked']).toBe(3);
    expect([...client.described].sort()).toEqual(['c1', 'c2', 'c3']);
    expect(found).toEqual([
      { resourceId: 'c1', planId: 'plan-a' },
      { resourceId: 'c2', planId: 'plan-b' },
      { resourceId: 'c3', planId: 'plan-a' },
    ]);

    const one = await resourcesCheck(
      inputFor(new FakeClient({ ok: true }, { c1: active('plan-a') }), { accounts: [mapping('a1', 'c1')] })
        .input,
      { tokenOk: true, displayName: 'Example', activeWord: 'Subscribed' },
    );
    expect(one.check.message).toBe('the customer exists and is Subscribed (plan plan-a)');
  });

  it('looks up at most maxResources and says how many were not', async () => {
    const resources = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`c${i}`, active('plan-a')]));
    const client = new FakeClient({ ok: true }, resources);
    const accounts = Object.keys(resources).map((id, i) => mapping(`a${i}`, id));
    const { check } = await resourcesCheck(inputFor(client, { accounts, maxResources: 2 }).input, {
      tokenOk: true,
      displayName: 'Example',
    });
    expect(check.status).toBe('PASS');
    expect(client.described).toHaveLength(2);
    expect(check.details).toMatchObject({ checked: 2, notChecked: 3 });
    expect(check.message).toContain('(3 more customers were not looked up: at most 2 per check)');
  });

  it('asks through the cache: a second check with a caching input does not call the client again', async () => {
    const client = new FakeClient({ ok: true }, { c1: active('plan-a'), c2: active('plan-b') });
    const fake = inputFor(client, { accounts: [mapping('a1', 'c1'), mapping('a2', 'c2')], caching: true });
    const first = await resourcesCheck(fake.input, { tokenOk: true, displayName: 'Example' });
    const callsAfterFirst = fake.clientCalls();
    const second = await resourcesCheck(fake.input, { tokenOk: true, displayName: 'Example' });
    expect(second.check).toEqual(first.check);
    expect(client.described).toHaveLength(2);
    expect(fake.clientCalls()).toBe(callsAfterFirst);
    expect(fake.cachedKeys.filter((key) => key.startsWith('describe'))).toHaveLength(4);
  });

  it('does not keep a transient failure: the next check asks again', async () => {
    const client = new FakeClient({ ok: true }, { c1: new Error('ECONNRESET') });
    const fake = inputFor(client, { accounts: [mapping('a1', 'c1')], caching: true });
    const first = await resourcesCheck(fake.input, { tokenOk: true, displayName: 'Example' });
    expect(first.check.message).toContain('could not be read right now: ECONNRESET; run the check again');
    await resourcesCheck(fake.input, { tokenOk: true, displayName: 'Example' });
    expect(client.described).toEqual(['c1', 'c1']);
  });
});

describe('standardPrerequisites', () => {
  it('runs the checks its names announce, in that order', async () => {
    const checks = standardPrerequisites('Example');
    const scenarios = [
      new FakeClient({ ok: true }, { c1: active('plan-a') }),
      new FakeClient({ ok: false, error: { code: 'DENIED', message: 'no' } }, { c1: active('plan-a') }),
      new BlindClient(),
    ];
    for (const client of scenarios) {
      for (const accounts of [[], [mapping('a1', 'c1')]]) {
        const results = await checks.run(inputFor(client, { accounts }).input);
        expect(results.map((result) => result.name)).toEqual([...checks.names]);
      }
    }
  });

  it('passes both for an accepted credential and active resources; skips resources after a refused credential', async () => {
    const checks = standardPrerequisites('Example');
    const good = await checks.run(
      inputFor(new FakeClient({ ok: true }, { c1: active('plan-a') }), { accounts: [mapping('a1', 'c1')] })
        .input,
    );
    expect(good.map((result) => result.status)).toEqual(['PASS', 'PASS']);
    expect(good[0]!.message).toContain('Example issued a token');
    const refused = await checks.run(
      inputFor(new FakeClient({ ok: false, error: { code: 'DENIED', message: 'no' } }), {
        accounts: [mapping('a1', 'c1')],
      }).input,
    );
    expect(refused.map((result) => result.status)).toEqual(['FAIL', 'SKIP']);
  });
});
