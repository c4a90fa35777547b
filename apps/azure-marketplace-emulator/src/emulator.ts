/**
 * `startEmulator`: the emulator as a listening server plus the admin operations as methods.
 */
import { listenOn } from '@hub/emulator-kit';
import type { FastifyInstance } from 'fastify';
import { buildEmulatorApp } from './app.js';
import { EmulatorController, type EmulatorSeedDocument } from './emulator-controller.js';
import type { FaultConfig, FaultConfigInput } from './faults/fault-config.js';
import type {
  EmulatorState,
  EmulatorStats,
  MarketplaceSubscription,
  RecordedUsageEvent,
  SeededCredential,
} from './state/emulator-state.js';
import type { CredentialInput, SubscriptionInput, SubscriptionPatch } from './state/seed-schemas.js';

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Clock for every time rule. Default: the system clock. */
  now?: () => Date;
  /** Fastify request logging. Default: false. */
  logger?: boolean;
  /** Seed of the PRNG behind fault decisions. Default: 1. */
  seed?: number;
}

export interface Emulator {
  /** `http://host:port`; the metering client's base URL is `${url}/api`. */
  readonly url: string;
  readonly port: number;
  /** The live in-memory store (read it; change it through the methods). */
  readonly state: EmulatorState;
  readonly app: FastifyInstance;
  seedCredential(input: CredentialInput): SeededCredential;
  seedSubscription(input: SubscriptionInput): MarketplaceSubscription;
  updateSubscription(id: string, patch: SubscriptionPatch): MarketplaceSubscription;
  /** Credentials, subscriptions and faults in one call (the CLI's `--data` document). */
  load(document: EmulatorSeedDocument): void;
  setFaults(config: FaultConfigInput): FaultConfig;
  faults(): FaultConfig;
  events(): RecordedUsageEvent[];
  stats(): EmulatorStats;
  revokeTokens(clientId?: string): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const controller = new EmulatorController(options);
  const app = buildEmulatorApp({ ...options, controller });
  const { url, port, close } = await listenOn(app, options);
  return {
    url,
    port,
    state: controller.state,
    app,
    seedCredential: (input) => controller.seedCredential(input),
    seedSubscription: (input) => controller.seedSubscription(input),
    updateSubscription: (id, patch) => controller.updateSubscription(id, patch),
    load: (document) => controller.loadSeedDocument(document),
    setFaults: (config) => controller.setFaults(config),
    faults: () => controller.faults(),
    events: () => controller.events(),
    stats: () => controller.stats(),
    revokeTokens: (clientId) => controller.revokeTokens(clientId),
    reset: () => controller.reset(),
    close,
  };
}
