/**
 * Everything the admin API can do, as plain methods: the routes call these, and the library's
 * `AwsEmulator` exposes them so in-process tests can seed without HTTP.
 */

import { RateLimiter } from '@hub/emulator-kit';
import { DEFAULT_RATE_LIMIT_PER_SECOND } from './constants.js';
import type { AwsFaultConfig, AwsFaultConfigInput } from './faults/fault-config.js';
import { FaultInjector } from './faults/fault-injector.js';
import {
  type AwsEmulatorState,
  type AwsEmulatorStats,
  clearEmulatorState,
  createEmulatorState,
  type RecordedMeteringRecord,
  type SeededAccessKey,
  type SeededCustomer,
  type SeededProduct,
  type SeededRole,
} from './state/emulator-state.js';
import {
  EmulatorInputError,
  parseInput,
  seedAccessKey,
  seedCustomer,
  seedProduct,
  seedRole,
  updateCustomer,
} from './state/seed-operations.js';
import {
  type AccessKeyInput,
  type CustomerInput,
  type CustomerPatch,
  type ProductInput,
  type RoleInput,
  seedDocumentSchema,
  windowHoursSchema,
} from './state/seed-schemas.js';

export interface AwsEmulatorControllerOptions {
  /** Clock for every time rule (acceptance window, month-end cutoff, STS expiry). Default: system clock. */
  now?: () => Date;
  /** Seed of the PRNG behind fault decisions. Default: 1. */
  seed?: number;
  /** Acceptance window in hours. Default: 24 (plus the month-end rule either way). */
  windowHours?: 6 | 24;
  /** BatchMeterUsage calls per rolling second per caller account + region. Default 10; 0 = off. */
  rateLimitPerSecond?: number;
}

/** Bulk seed: what the CLI's `--data` file holds (`POST /admin/load` takes the same). */
export interface AwsEmulatorSeedDocument {
  accessKeys?: AccessKeyInput[];
  roles?: RoleInput[];
  products?: ProductInput[];
  customers?: CustomerInput[];
  faults?: AwsFaultConfigInput;
  windowHours?: 6 | 24;
}

export interface CustomerKey {
  customerAwsAccountId: string;
  productCode: string;
}

export class AwsEmulatorController {
  readonly state: AwsEmulatorState;
  readonly faultInjector: FaultInjector;
  readonly rateLimiter: RateLimiter;
  readonly now: () => Date;
  readonly #initialWindowHours: 6 | 24;

  constructor(options: AwsEmulatorControllerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.#initialWindowHours = parseInput(windowHoursSchema, options.windowHours ?? 24, 'windowHours');
    this.state = createEmulatorState(this.#initialWindowHours);
    this.faultInjector = new FaultInjector(options.seed ?? 1);
    const limit = options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND;
    if (!Number.isFinite(limit) || limit < 0) {
      throw new EmulatorInputError(`rateLimitPerSecond must be a number ≥ 0, got ${limit}`);
    }
    this.rateLimiter = new RateLimiter(limit);
  }

  seedAccessKey(input: AccessKeyInput): SeededAccessKey {
    return seedAccessKey(this.state, input);
  }

  seedRole(input: RoleInput): SeededRole {
    return seedRole(this.state, input);
  }

  seedProduct(input: ProductInput): SeededProduct {
    return seedProduct(this.state, input);
  }

  seedCustomer(input: CustomerInput): SeededCustomer {
    return seedCustomer(this.state, input, this.now());
  }

  updateCustomer(key: CustomerKey, patch: CustomerPatch): SeededCustomer {
    return updateCustomer(this.state, key, patch, this.now());
  }

  /** Replaces the fault configuration; `{}` turns faults off. */
  setFaults(config: AwsFaultConfigInput): AwsFaultConfig {
    return this.faultInjector.configure(config);
  }

  faults(): AwsFaultConfig {
    return this.faultInjector.config;
  }

  setWindowHours(hours: 6 | 24): void {
    this.state.windowHours = parseInput(windowHoursSchema, hours, 'windowHours');
  }

  /** Every honoured usage record, oldest first. */
  records(): RecordedMeteringRecord[] {
    return this.state.records.map((record) => structuredClone(record));
  }

  stats(): AwsEmulatorStats {
    return structuredClone(this.state.stats);
  }

  /**
   * Back to a fresh emulator: forgets access keys, roles, issued sessions, products, customers,
   * records (and their duplicate index) and stats; faults off and the PRNG re-seeded; the rate
   * limiter's history emptied; the window back to the start option. Keeps the clock, the seed
   * and the rate limit.
   */
  reset(): void {
    clearEmulatorState(this.state, this.#initialWindowHours);
    this.faultInjector.reset();
    this.rateLimiter.reset();
  }

  /** Seeds in order: access keys, roles, products, customers; then faults and window. */
  loadSeedDocument(document: unknown): void {
    const parsed = parseInput(seedDocumentSchema, document, 'seed document');
    for (const key of parsed.accessKeys) this.seedAccessKey(key as AccessKeyInput);
    for (const role of parsed.roles) this.seedRole(role as RoleInput);
    for (const product of parsed.products) this.seedProduct(product as ProductInput);
    for (const customer of parsed.customers) this.seedCustomer(customer as CustomerInput);
    if (parsed.faults !== undefined) this.setFaults(parsed.faults as AwsFaultConfigInput);
    if (parsed.windowHours !== undefined) this.setWindowHours(parsed.windowHours);
  }
}
