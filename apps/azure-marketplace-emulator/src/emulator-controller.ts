/**
 * Everything the admin API can do, as plain methods: the routes call these, and the library's
 * `Emulator` exposes them so in-process tests can seed without HTTP.
 */
import { revokeTokens } from './auth/token-store.js';
import type { FaultConfig, FaultConfigInput } from './faults/fault-config.js';
import { FaultInjector } from './faults/fault-injector.js';
import {
  clearEmulatorState,
  createEmulatorState,
  type EmulatorState,
  type EmulatorStats,
  type MarketplaceSubscription,
  type RecordedUsageEvent,
  type SeededCredential,
} from './state/emulator-state.js';
import {
  EmulatorInputError,
  seedCredential,
  seedSubscription,
  updateSubscription,
} from './state/seed-operations.js';
import {
  type CredentialInput,
  type SubscriptionInput,
  type SubscriptionPatch,
  seedDocumentSchema,
} from './state/seed-schemas.js';

export interface EmulatorControllerOptions {
  /** Clock for every time rule (24-hour window, hour slots, token expiry). Default: the system clock. */
  now?: () => Date;
  /** Seed of the PRNG behind fault decisions. Default: 1. */
  seed?: number;
}

/** Bulk seed: what the CLI's `--data` file holds. */
export interface EmulatorSeedDocument {
  credentials?: CredentialInput[];
  subscriptions?: SubscriptionInput[];
  faults?: FaultConfigInput;
}

export class EmulatorController {
  readonly state: EmulatorState = createEmulatorState();
  readonly faultInjector: FaultInjector;
  readonly now: () => Date;

  constructor(options: EmulatorControllerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.faultInjector = new FaultInjector(options.seed ?? 1);
  }

  seedCredential(input: CredentialInput): SeededCredential {
    return seedCredential(this.state, input);
  }

  seedSubscription(input: SubscriptionInput): MarketplaceSubscription {
    return seedSubscription(this.state, input, this.now());
  }

  updateSubscription(id: string, patch: SubscriptionPatch): MarketplaceSubscription {
    return updateSubscription(this.state, id, patch);
  }

  /** Replaces the fault configuration; `{}` turns faults off. */
  setFaults(config: FaultConfigInput): FaultConfig {
    return this.faultInjector.configure(config);
  }

  faults(): FaultConfig {
    return this.faultInjector.config;
  }

  /** Every accepted usage event, oldest first (quantities as exact decimal strings). */
  events(): RecordedUsageEvent[] {
    return this.state.events.map((event) => ({ ...event }));
  }

  stats(): EmulatorStats {
    return structuredClone(this.state.stats);
  }

  /** Makes issued tokens invalid (all, or one client's): clients get 403 until they fetch a new one. */
  revokeTokens(clientId?: string): number {
    return revokeTokens(this.state, clientId);
  }

  /** Forgets credentials, subscriptions, tokens, events and stats; faults off; PRNG re-seeded. */
  reset(): void {
    clearEmulatorState(this.state);
    this.faultInjector.reset();
  }

  loadSeedDocument(document: unknown): void {
    const parsed = seedDocumentSchema.safeParse(document);
    if (!parsed.success) throw new EmulatorInputError(`invalid seed document: ${parsed.error.message}`);
    for (const credential of parsed.data.credentials) this.seedCredential(credential);
    for (const subscription of parsed.data.subscriptions) {
      this.seedSubscription(subscription as SubscriptionInput);
    }
    if (parsed.data.faults !== undefined) this.setFaults(parsed.data.faults as FaultConfigInput);
  }
}
