/**
 * `startM3terEmulator`: the emulator as a listening server plus the admin operations as methods.
 */
import { listenOn } from '@hub/emulator-kit';
import type { FastifyInstance } from 'fastify';
import { buildM3terEmulatorApp } from './app.js';
import { EmulatorController, type M3terSeedDocument } from './emulator-controller.js';
import type { FaultConfig, FaultConfigInput } from './faults/fault-config.js';
import type {
  Account,
  Bill,
  EmulatorState,
  EmulatorStats,
  ExternalMapping,
  M3terEventRecord,
  ServiceUser,
} from './state/emulator-state.js';
import type {
  AccountInput,
  AccountPatch,
  BillInput,
  ExternalMappingInput,
  LineItemInput,
  OrganizationInput,
  ServiceUserInput,
  WebhookInput,
} from './state/seed-schemas.js';

export interface M3terEmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Clock for timestamps and token expiry. Default: the system clock. */
  now?: () => Date;
  /** Seed of the PRNG behind fault decisions. Default: 1. */
  seed?: number;
  /** Fastify request logging. Default: false. */
  logger?: boolean;
  /** Per organization, in a rolling second of real (monotonic) time. Default 50; 0 = off. */
  rateLimitPerSecond?: number;
  /** Default 18000 (5 h), on the injected clock. */
  tokenLifetimeSeconds?: number;
  /**
   * Default 50: a bill with more line items comes back from `GET /bills/{id}` without `lineItems`;
   * they are then read from `/bills/{id}/lineitems` (paged).
   */
  lineItemsInlineLimit?: number;
}

export interface M3terEmulator {
  /** `http://host:port`: the m3ter API base URL (token at `${url}/oauth/token`). */
  readonly url: string;
  readonly port: number;
  /** The live in-memory store (read it; change it through the methods). */
  readonly state: EmulatorState;
  readonly app: FastifyInstance;
  seedOrganization(input: OrganizationInput): void;
  seedServiceUser(input: ServiceUserInput): ServiceUser;
  /** Emits `configuration.account.created`. */
  createAccount(input: AccountInput): Account;
  /** Version + 1; emits `configuration.account.updated`. */
  updateAccount(orgId: string, id: string, patch: AccountPatch): Account;
  /** Version 1; emits `billing.bill.created`. */
  createBill(input: BillInput): Bill;
  /** Status APPROVED, version + 1; emits `billing.bill.updated`. */
  approveBill(orgId: string, billId: string): Bill;
  /** New line items, version + 1; emits `billing.bill.updated`. */
  regenerateBill(orgId: string, billId: string, lineItems: LineItemInput[]): Bill;
  /** Emits `billing.bill.deleted`. */
  deleteBill(orgId: string, billId: string): void;
  createExternalMapping(input: ExternalMappingInput): ExternalMapping;
  /** POSTs each bill event of the organization to `url` (fire and forget); `null` removes all webhooks. */
  setWebhook(input: WebhookInput | null): void;
  /** Resolves when every webhook delivery started so far has been answered or has failed. */
  webhooksSettled(): Promise<void>;
  /** Replaces the fault configuration; `{}` turns faults off. */
  setFaults(config: FaultConfigInput): FaultConfig;
  faults(): FaultConfig;
  /** Every issued token is expired now; returns how many were still valid. */
  expireTokens(): number;
  /** An organization's bills, oldest first (amounts as decimal strings). */
  bills(orgId: string): Bill[];
  /** An organization's events, newest first. */
  events(orgId: string): M3terEventRecord[];
  stats(): EmulatorStats;
  /** Organizations, service users, tokens, accounts, bills, events, mappings, webhooks and stats from a seed document. */
  load(document: M3terSeedDocument): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startM3terEmulator(options: M3terEmulatorOptions = {}): Promise<M3terEmulator> {
  const controller = new EmulatorController(options);
  const app = buildM3terEmulatorApp({ ...options, controller });
  const listening = await listenOn(app, options);
  return {
    url: listening.url,
    port: listening.port,
    state: controller.state,
    app,
    seedOrganization: (input) => controller.seedOrganization(input),
    seedServiceUser: (input) => controller.seedServiceUser(input),
    createAccount: (input) => controller.createAccount(input),
    updateAccount: (orgId, id, patch) => controller.updateAccount(orgId, id, patch),
    createBill: (input) => controller.createBill(input),
    approveBill: (orgId, billId) => controller.approveBill(orgId, billId),
    regenerateBill: (orgId, billId, lineItems) => controller.regenerateBill(orgId, billId, lineItems),
    deleteBill: (orgId, billId) => controller.deleteBill(orgId, billId),
    createExternalMapping: (input) => controller.createExternalMapping(input),
    setWebhook: (input) => controller.setWebhook(input),
    webhooksSettled: () => controller.webhooksSettled(),
    setFaults: (config) => controller.setFaults(config),
    faults: () => controller.faults(),
    expireTokens: () => controller.expireTokens(),
    bills: (orgId) => controller.bills(orgId),
    events: (orgId) => controller.events(orgId),
    stats: () => controller.stats(),
    load: (document) => controller.loadSeedDocument(document),
    reset: () => controller.reset(),
    close: async () => {
      await listening.close();
      // Deliveries already under way finish (or fail) before close() resolves.
      await controller.webhooksSettled();
    },
  };
}
