import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type {
  AdapterClientContext,
  BatchSubmission,
  MarketplaceAdapter,
  MarketplaceClient,
  ReadBackQuery,
  UsageEvent,
} from '../adapter/marketplace-adapter.js';
import { normalizeResourceId } from '../adapter/resource-id.js';
import { SUBMIT_RESULT_CODE_LIST } from '../adapter/result-codes.js';
import { MappingIndex } from '../mappings/resolve-mappings.js';
import type { ExternalMapping } from '../model/external-mapping.js';
import { ZConfigData } from '../model/integration-config.js';
import { Money } from '../money/decimal.js';
import type { IncludedLineItem } from '../pipeline/line-item-filter.js';

/** What a plugin provides so the contract suite can run against a real (or emulated) destination. */
export interface AdapterContractEnvironment<TCredential> {
  /**
   * A credential the destination accepts. Its `now` is the suite's clock: inject one the destination
   * (or its emulator) shares, fixed a few seconds into a slot, so no run depends on the wall clock.
   */
  context: AdapterClientContext<TCredential>;
  /** A well-formed credential the destination refuses. */
  badCredentialContext: AdapterClientContext<TCredential>;
  /**
   * An active resource and one of its dimensions; fresh for this run (no events yet), so the suite
   * knows every event the destination holds for it (the read-back tests rely on that).
   */
  resourceId: string;
  dimension: string;
  planId?: string | null;
  /** A resource the destination does not know. */
  unknownResourceId: string;
  /** The secret values, which must never appear in an exchange. */
  secrets: string[];
  teardown(): Promise<void>;
}

export interface AdapterContractOptions<TCredential extends Record<string, unknown>> {
  adapter: MarketplaceAdapter<TCredential>;
  setup(): Promise<AdapterContractEnvironment<TCredential>>;
}

function slotStart(now: Date, slotLengthMs: number | null): string {
  const length = slotLengthMs ?? 60_000;
  return new Date(Math.floor(now.getTime() / length) * length).toISOString();
}

function line(
  id: string,
  subtotal: string,
  extra: Partial<IncludedLineItem['lineItem']> = {},
): IncludedLineItem {
  return {
    lineItem: { id, lineItemType: 'USAGE', subtotal, ...extra } as IncludedLineItem['lineItem'],
    amount: subtotal,
  };
}

/**
 * The contract every marketplace adapter must pass. Call it from a plugin's test file:
 *
 * ```ts
 * describeAdapterContract({ adapter: azureMarketplaceAdapter, setup: async () => ({ ... }) });
 * ```
 */
export function describeAdapterContract<TCredential extends Record<string, unknown>>(
  options: AdapterContractOptions<TCredential>,
): void {
  const { adapter } = options;

  describe(`MarketplaceAdapter contract: ${adapter.id}`, () => {
    describe('descriptor', () => {
      it('has a stable upper-snake id, a display name and an external system', () => {
        expect(adapter.id).toMatch(/^[A-Z][A-Z0-9_]{1,63}$/);
        expect(adapter.displayName.trim()).not.toBe('');
        expect(adapter.externalSystem).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      });

      it('declares account and dimension mapping tables', () => {
        expect(adapter.mappings.account.externalTable).not.toBe('');
        expect(adapter.mappings.dimension.externalTable).not.toBe('');
        expect(adapter.mappings.account.externalTable).not.toBe(adapter.mappings.dimension.externalTable);
      });

      it('declares sane limits', () => {
        const { limits } = adapter;
        expect(Number.isInteger(limits.maxBatchSize) && limits.maxBatchSize >= 1).toBe(true);
        expect(limits.acceptanceWindowMs).toBeGreaterThan(0);
        if (limits.slotLengthMs !== null) {
          expect(limits.slotLengthMs).toBeGreaterThan(0);
          expect(limits.slotLengthMs).toBeLessThanOrEqual(limits.acceptanceWindowMs);
        }
        expect(limits.maxQuantityDecimalPlaces).toBeGreaterThanOrEqual(0);
        if (!limits.fractionalQuantities) expect(limits.maxQuantityDecimalPlaces).toBe(0);
      });

      it('refuses a blank resource id, or one with surrounding whitespace, with a message', () => {
        for (const blank of ['', '   ', ' x', 'x\t']) {
          const result = normalizeResourceId(adapter, blank);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.message.trim()).not.toBe('');
        }
      });

      it('refuses an empty credential and lists secret fields that exist in its schema', () => {
        expect(adapter.credential.schema.safeParse({}).success).toBe(false);
        expect(adapter.credential.secretFields.length).toBeGreaterThan(0);
        if (adapter.credential.schema instanceof z.ZodObject) {
          const keys = Object.keys(adapter.credential.schema.shape);
          for (const field of adapter.credential.secretFields) expect(keys).toContain(field);
        }
      });
    });

    describe('planUsage', () => {
      const dimensionTarget = {
        externalSystem: adapter.externalSystem,
        externalTable: adapter.mappings.dimension.externalTable,
      };
      const mapping = (
        m3terEntity: ExternalMapping['m3terEntity'],
        m3terId: string,
        externalId: string,
      ): ExternalMapping => ({
        id: `${m3terEntity}-${m3terId}`,
        m3terEntity,
        m3terId,
        externalSystem: adapter.externalSystem,
        externalTable: adapter.mappings.dimension.externalTable,
        externalId,
      });

      it('ITEM_PER_BILL sums every line into the bill dimension, netting credits', () => {
        const config = ZConfigData.parse({ marketplaceBillDimension: 'dim-bill', unitPrice: '0.01' });
        const result = adapter.planUsage({
          included: [line('a', '1.25'), line('b', '0.50'), line('c', '-0.25')],
          config,
          mappings: new MappingIndex([], 'int-1', config),
          dimensionTarget,
        });
        expect(result).toMatchObject({
          ok: true,
          usage: [{ dimension: 'dim-bill', amount: '1.5', target: '150' }],
        });
      });

      it('ITEM_PER_PRODUCT maps each product and lists every unmapped one', () => {
        const config = ZConfigData.parse({ splitUsageLineItems: 'ITEM_PER_PRODUCT' });
        const mappings = new MappingIndex([mapping('Product', 'p1', 'dim-1')], 'int-1', config);
        const ok = adapter.planUsage({
          included: [line('a', '0.10', { productId: 'p1' })],
          config,
          mappings,
          dimensionTarget,
        });
        expect(ok).toMatchObject({ ok: true, usage: [{ dimension: 'dim-1', target: '10' }] });
        const missing = adapter.planUsage({
          included: [
            line('a', '1', { productId: 'p1' }),
            line('b', '1', { productId: 'p2' }),
            line('c', '1', { productId: 'p3' }),
            line('d', '1'),
          ],
          config,
          mappings,
          dimensionTarget,
        });
        expect(missing.ok).toBe(false);
        if (!missing.ok) {
          expect(missing.reason).toBe('MISSING_DIMENSION_MAPPING');
          expect(missing.missing.map((k) => k.m3terId).sort()).toEqual(['p2', 'p3']);
          expect(missing.lineItemsWithoutKey).toEqual(['d']);
        }
      });
    });

    describe('client', () => {
      let env: AdapterContractEnvironment<TCredential>;
      let client: MarketplaceClient;
      let badClient: MarketplaceClient;
      let sequence = 0;
      /** Every event the destination told `client` it holds (ACCEPTED / DUPLICATE_OURS). */
      const recorded: UsageEvent[] = [];
      /**
       * The instant every slot the suite names is counted from: the environment's clock
       * (`context.now`), read once when the suite starts. A clock that moves on while the tests run,
       * across a slot boundary even, cannot make two tests pick one slot (the suite's tests assume
       * each slot they name is fresh).
       */
      let startedAt: Date;
      const slotLength = () => adapter.limits.slotLengthMs ?? 60_000;
      const slotAgo = (slots: number) =>
        slotStart(new Date(startedAt.getTime() - slots * slotLength()), adapter.limits.slotLengthMs);
      // What the host would send: decimals only to a destination that takes them (AWS takes integers).
      const quantity = (fractional: string, whole: string) =>
        adapter.limits.fractionalQuantities ? fractional : whole;
      const event = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({
        id: `contract-${startedAt.getTime()}-${++sequence}`,
        resourceId: env.resourceId,
        dimension: env.dimension,
        quantity: quantity('12.5', '12'),
        effectiveStartTime: slotAgo(0),
        planId: env.planId ?? null,
        ...overrides,
      });
      /** `client.submitBatch`, remembering what the destination now holds, as the host's records would. */
      const submit = async (events: UsageEvent[]): Promise<BatchSubmission> => {
        const result = await client.submitBatch(events);
        result.outcomes.forEach((outcome, index) => {
          if (outcome.code === 'ACCEPTED' || outcome.code === 'DUPLICATE_OURS') {
            const sent = events[index]!;
            if (!recorded.some((known) => known.id === sent.id)) recorded.push(sent);
          }
        });
        return result;
      };
      /** The read-back question about `target`, with everything else the suite knows is recorded. */
      const readBackQuery = (target: UsageEvent): ReadBackQuery => ({
        event: target,
        knownRecorded: recorded
          .filter(
            (known) =>
              known.id !== target.id &&
              known.resourceId === target.resourceId &&
              known.dimension === target.dimension,
          )
          .map(({ effectiveStartTime, quantity }) => ({ effectiveStartTime, quantity })),
        unsettled: [],
        lastAttemptAt: null,
      });

      beforeAll(async () => {
        env = await options.setup();
        startedAt = env.context.now();
        client = adapter.createClient(env.context);
        badClient = adapter.createClient(env.badCredentialContext);
      });
      afterAll(async () => {
        await client?.close();
        await badClient?.close();
        await env?.teardown();
      });

      it('takes its own resource ids, in a normal form that normalises to itself', () => {
        for (const id of [env.resourceId, env.unknownResourceId]) {
          const result = normalizeResourceId(adapter, id);
          expect(result).toMatchObject({ ok: true });
          if (result.ok) expect(normalizeResourceId(adapter, result.value)).toEqual(result);
        }
      });

      it('verifies a good credential and explains a bad one', async () => {
        expect(await client.verifyCredential()).toEqual({ ok: true });
        const bad = await badClient.verifyCredential();
        expect(bad.ok).toBe(false);
        if (!bad.ok) {
          expect(bad.error.code).not.toBe('');
          expect(bad.error.message).not.toBe('');
        }
      });

      it('accepts a new event, then recognises the same event as its own', async () => {
        const first = event();
        const accepted = await submit([first]);
        expect(accepted.outcomes).toHaveLength(1);
        expect(accepted.outcomes[0]?.code).toBe('ACCEPTED');
        const again = await submit([first]);
        expect(['DUPLICATE_OURS', 'ACCEPTED']).toContain(again.outcomes[0]?.code);
      });

      it('answers every event of a mixed batch with a code from the closed set, in order', async () => {
        const events = [
          event({ dimension: env.dimension, quantity: '1' }),
          event({ resourceId: env.unknownResourceId }),
        ];
        // A different slot for the first, so it does not collide with the earlier test.
        if (adapter.limits.slotLengthMs !== null) events[0]!.effectiveStartTime = slotAgo(1);
        const result = await submit(events);
        expect(result.outcomes).toHaveLength(2);
        for (const outcome of result.outcomes) expect(SUBMIT_RESULT_CODE_LIST).toContain(outcome.code);
        expect(result.outcomes[0]?.code).toBe('ACCEPTED');
        expect(result.outcomes[1]?.code).toBe('REJECTED');
        expect(result.outcomes[1]?.message ?? '').not.toBe('');
      });

      it('reports events outside the acceptance window as EXPIRED', async () => {
        const old = new Date(startedAt.getTime() - adapter.limits.acceptanceWindowMs - 2 * slotLength());
        const result = await submit([
          event({ effectiveStartTime: slotStart(old, adapter.limits.slotLengthMs) }),
        ]);
        expect(result.outcomes[0]?.code).toBe('EXPIRED');
      });

      it('reports a refused credential as AUTH_FAILED for every event', async () => {
        const result = await badClient.submitBatch([event(), event({ dimension: `${env.dimension}` })]);
        expect(result.outcomes.map((o) => o.code)).toEqual(['AUTH_FAILED', 'AUTH_FAILED']);
      });

      it('refuses a batch over its limit before sending anything', async () => {
        const events = Array.from({ length: adapter.limits.maxBatchSize + 1 }, () => event());
        await expect(client.submitBatch(events)).rejects.toThrow();
      });

      it('never puts a secret in an exchange', async () => {
        const result = await badClient.submitBatch([event()]);
        const good = await submit([event({ resourceId: env.unknownResourceId })]);
        const text = JSON.stringify([result.exchanges, good.exchanges]);
        for (const secret of env.secrets) expect(text).not.toContain(secret);
      });

      describe('readBackUsage (optional capability)', () => {
        it('reads back a recorded event as recorded, with its quantity', async (context) => {
          if (!client.readBackUsage) return context.skip('the adapter has no readBackUsage');
          const target = event({ quantity: quantity('3.25', '3'), effectiveStartTime: slotAgo(2) });
          expect((await submit([target])).outcomes[0]?.code).toBe('ACCEPTED');
          const result = await client.readBackUsage(readBackQuery(target));
          expect(result).toMatchObject({ ok: true });
          if (!result.ok) return;
          expect(result.recorded).not.toBeNull();
          expect(new Money(result.recorded?.quantity ?? '0').eq(target.quantity)).toBe(true);
          expect(result.recorded?.status ?? '').not.toBe('');
          expect(result.basis.trim()).not.toBe('');
        });

        it('reads back a slot nothing was sent to as not recorded', async (context) => {
          if (!client.readBackUsage) return context.skip('the adapter has no readBackUsage');
          const result = await client.readBackUsage(
            readBackQuery(event({ quantity: '4', effectiveStartTime: slotAgo(3) })),
          );
          expect(result).toMatchObject({ ok: true, recorded: null });
        });

        it('answers AUTH_FAILED for a refused credential, and never puts a secret in an exchange', async (context) => {
          if (!client.readBackUsage || !badClient.readBackUsage) {
            return context.skip('the adapter has no readBackUsage');
          }
          const bad = await badClient.readBackUsage(readBackQuery(event({ effectiveStartTime: slotAgo(4) })));
          expect(bad).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
          if (!bad.ok) expect(bad.message.trim()).not.toBe('');
          const good = await client.readBackUsage(readBackQuery(event({ effectiveStartTime: slotAgo(4) })));
          const text = JSON.stringify([bad.exchanges, good.exchanges]);
          for (const secret of env.secrets) expect(text).not.toContain(secret);
        });
      });
    });
  });
}
