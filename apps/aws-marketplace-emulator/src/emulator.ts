/**
 * `startAwsEmulator`: the emulator as a listening server plus the admin operations as methods.
 */
import { listenOn } from '@hub/emulator-kit';
import type { FastifyInstance } from 'fastify';
import { buildAwsEmulatorApp } from './app.js';
import {
  AwsEmulatorController,
  type AwsEmulatorControllerOptions,
  type AwsEmulatorSeedDocument,
  type CustomerKey,
} from './emulator-controller.js';
import type { AwsFaultConfig, AwsFaultConfigInput } from './faults/fault-config.js';
import type {
  AwsEmulatorState,
  AwsEmulatorStats,
  RecordedMeteringRecord,
  SeededAccessKey,
  SeededCustomer,
  SeededProduct,
  SeededRole,
} from './state/emulator-state.js';
import type {
  AccessKeyInput,
  CustomerInput,
  CustomerPatch,
  ProductInput,
  RoleInput,
} from './state/seed-schemas.js';

export interface AwsEmulatorOptions extends AwsEmulatorControllerOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Fastify request logging. Default: false. */
  logger?: boolean;
}

export interface AwsEmulator {
  /** `http://host:port`. */
  readonly url: string;
  /** Endpoint for `MarketplaceMeteringClient` (same as `url`). */
  readonly meteringUrl: string;
  /** Endpoint for `STSClient` (same as `url`: the form body tells STS calls apart). */
  readonly stsUrl: string;
  readonly port: number;
  /** The live in-memory store (read it; change it through the methods). */
  readonly state: AwsEmulatorState;
  readonly app: FastifyInstance;
  seedAccessKey(input: AccessKeyInput): SeededAccessKey;
  seedRole(input: RoleInput): SeededRole;
  seedProduct(input: ProductInput): SeededProduct;
  seedCustomer(input: CustomerInput): SeededCustomer;
  updateCustomer(key: CustomerKey, patch: CustomerPatch): SeededCustomer;
  /** Keys, roles, products, customers, faults and window in one call (the CLI's `--data` document). */
  load(document: AwsEmulatorSeedDocument): void;
  setFaults(config: AwsFaultConfigInput): AwsFaultConfig;
  faults(): AwsFaultConfig;
  setWindowHours(hours: 6 | 24): void;
  records(): RecordedMeteringRecord[];
  stats(): AwsEmulatorStats;
  /** See `AwsEmulatorController.reset`: everything seeded or recorded is forgotten. */
  reset(): void;
  close(): Promise<void>;
}

export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const controller = new AwsEmulatorController(options);
  const app = buildAwsEmulatorApp({ ...options, controller });
  const { url, port, close } = await listenOn(app, options);
  return {
    url,
    meteringUrl: url,
    stsUrl: url,
    port,
    state: controller.state,
    app,
    seedAccessKey: (input) => controller.seedAccessKey(input),
    seedRole: (input) => controller.seedRole(input),
    seedProduct: (input) => controller.seedProduct(input),
    seedCustomer: (input) => controller.seedCustomer(input),
    updateCustomer: (key, patch) => controller.updateCustomer(key, patch),
    load: (document) => controller.loadSeedDocument(document),
    setFaults: (config) => controller.setFaults(config),
    faults: () => controller.faults(),
    setWindowHours: (hours) => controller.setWindowHours(hours),
    records: () => controller.records(),
    stats: () => controller.stats(),
    reset: () => controller.reset(),
    close,
  };
}
