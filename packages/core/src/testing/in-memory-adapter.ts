import { z } from 'zod';
import {
  type AdapterClientContext,
  type BatchSubmission,
  defineAdapter,
  type EventOutcome,
  HOUR_MS,
  type MarketplaceClient,
  type ReadBackQuery,
  type ReadBackResult,
  type ResourceDescription,
  type UsageEvent,
} from '../adapter/marketplace-adapter.js';
import { Money } from '../money/decimal.js';
import { splitIntoDimensions } from '../pipeline/split.js';

/**
 * A destination that lives in memory with Azure-like rules: one event per (resource, dimension,
 * hour), a 24-hour window, positive quantities, active resources only. It is the worked example of
 * the adapter contract, the subject of core's own contract-suite run, and the bench's destination.
 */
export class InMemoryDestination {
  readonly apiKeys = new Set<string>();
  readonly resources = new Map<string, { active: boolean; planId: string }>();
  readonly accepted = new Map<string, UsageEvent & { receiptId: string }>();
  calls = 0;
  private sequence = 0;

  record(event: UsageEvent, now: Date): EventOutcome {
    const resource = this.resources.get(event.resourceId);
    if (!resource)
      return {
        code: 'REJECTED',
        destinationStatus: 'ResourceNotFound',
        message: `unknown resource ${event.resourceId}`,
      };
    if (!resource.active)
      return { code: 'REJECTED', destinationStatus: 'ResourceNotActive', message: 'resource is not active' };
    if (!new Money(event.quantity).gt(0))
      return { code: 'REJECTED', destinationStatus: 'InvalidQuantity', message: 'quantity must be > 0' };
    const start = Date.parse(event.effectiveStartTime);
    if (Number.isNaN(start) || start < now.getTime() - 24 * HOUR_MS || start > now.getTime()) {
      return { code: 'EXPIRED', destinationStatus: 'Expired', message: 'outside the 24-hour window' };
    }
    const slot = slotKey(event);
    const held = this.accepted.get(slot);
    if (held) {
      const ours = held.id === event.id && new Money(held.quantity).eq(event.quantity);
      return ours
        ? { code: 'DUPLICATE_OURS', receiptId: held.receiptId, destinationStatus: 'Duplicate' }
        : { code: 'DUPLICATE_FOREIGN', destinationStatus: 'Duplicate', message: 'slot already used' };
    }
    const receiptId = `rcpt-${++this.sequence}`;
    this.accepted.set(slot, { ...event, receiptId });
    return { code: 'ACCEPTED', receiptId, destinationStatus: 'Accepted' };
  }

  /** The event held in `event`'s slot, when it is `event` itself (same id and quantity). */
  held(event: UsageEvent): (UsageEvent & { receiptId: string }) | undefined {
    const held = this.accepted.get(slotKey(event));
    return held && held.id === event.id && new Money(held.quantity).eq(event.quantity) ? held : undefined;
  }
}

function slotKey(event: UsageEvent): string {
  return `${event.resourceId}|${event.dimension}|${Math.floor(Date.parse(event.effectiveStartTime) / HOUR_MS)}`;
}

const ZInMemoryCredential = z.object({ apiKey: z.string().min(1, 'must not be empty') });
export type InMemoryCredential = z.output<typeof ZInMemoryCredential>;

class InMemoryClient implements MarketplaceClient {
  constructor(
    private readonly destination: InMemoryDestination,
    private readonly context: AdapterClientContext<InMemoryCredential>,
  ) {}

  async verifyCredential() {
    return this.destination.apiKeys.has(this.context.credential.apiKey)
      ? ({ ok: true } as const)
      : ({ ok: false, error: { code: 'INVALID_API_KEY', message: 'the API key is not known' } } as const);
  }

  async submitBatch(events: readonly UsageEvent[]): Promise<BatchSubmission> {
    if (events.length === 0 || events.length > inMemoryLimits.maxBatchSize) {
      throw new RangeError(`a batch holds 1 to ${inMemoryLimits.maxBatchSize} events, got ${events.length}`);
    }
    this.destination.calls += 1;
    const authorized = this.destination.apiKeys.has(this.context.credential.apiKey);
    const now = this.context.now();
    const outcomes = events.map(
      (event): EventOutcome =>
        authorized
          ? this.destination.record(event, now)
          : { code: 'AUTH_FAILED', message: 'the API key is not known' },
    );
    return { outcomes, exchanges: [] };
  }

  async describeResource(resourceId: string): Promise<ResourceDescription> {
    const resource = this.destination.resources.get(resourceId);
    if (!resource)
      return { ok: false, code: 'REJECTED', message: `unknown resource ${resourceId}`, exchanges: [] };
    const status = resource.active ? 'Active' : 'Inactive';
    return { ok: true, planId: resource.planId, active: resource.active, status, exchanges: [] };
  }

  /** Reads back per slot, so it needs neither `knownRecorded` nor `unsettled`. */
  async readBackUsage(query: ReadBackQuery): Promise<ReadBackResult> {
    this.destination.calls += 1;
    if (!this.destination.apiKeys.has(this.context.credential.apiKey)) {
      return { ok: false, code: 'AUTH_FAILED', message: 'the API key is not known', exchanges: [] };
    }
    const held = this.destination.held(query.event);
    if (!held) return { ok: true, recorded: null, basis: 'the slot holds no such event', exchanges: [] };
    return {
      ok: true,
      recorded: { quantity: held.quantity, receiptId: held.receiptId, status: 'Accepted' },
      basis: `the slot holds this event (receipt ${held.receiptId})`,
      exchanges: [],
    };
  }

  async close(): Promise<void> {}
}

const inMemoryLimits = {
  maxBatchSize: 25,
  acceptanceWindowMs: 24 * HOUR_MS,
  slotLengthMs: HOUR_MS,
  fractionalQuantities: true,
  maxQuantityDecimalPlaces: 6,
};

/** The in-memory adapter, bound to one destination instance. */
export function createInMemoryAdapter(destination: InMemoryDestination) {
  return defineAdapter<InMemoryCredential>({
    id: 'IN_MEMORY',
    displayName: 'In-memory marketplace',
    externalSystem: 'InMemory',
    credential: { schema: ZInMemoryCredential, secretFields: ['apiKey'] },
    mappings: {
      account: { externalTable: 'Subscription', description: 'account → subscription id' },
      dimension: { externalTable: 'Dimension', description: 'product or aggregation → dimension id' },
    },
    limits: inMemoryLimits,
    planUsage: (input) =>
      splitIntoDimensions(input.included, input.config, input.mappings, input.dimensionTarget),
    createClient: (context) => new InMemoryClient(destination, context),
  });
}
