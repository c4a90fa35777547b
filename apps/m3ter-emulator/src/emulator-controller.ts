/**
 * Everything the admin API can do, as plain methods: the routes call these, and the library's
 * `M3terEmulator` exposes them so in-process tests can seed without HTTP.
 */

import { RateLimiter } from '@hub/emulator-kit';
import { expireTokens } from './auth/token-store.js';
import {
  approveBill,
  createBill,
  deleteBill,
  regenerateBill,
  silentlyRegenerateBill,
} from './billing/bill-operations.js';
import {
  DEFAULT_LINE_ITEMS_INLINE_LIMIT,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  TOKEN_LIFETIME_SECONDS,
} from './constants.js';
import { BILL_EVENT_NAMES, type EventData, eventsOf, recordEvent } from './events/event-log.js';
import type { FaultConfig, FaultConfigInput } from './faults/fault-config.js';
import { FaultInjector } from './faults/fault-injector.js';
import {
  type Account,
  type Bill,
  clearEmulatorState,
  createEmulatorState,
  type EmulatorState,
  type EmulatorStats,
  type ExternalMapping,
  type M3terEventRecord,
  type ServiceUser,
} from './state/emulator-state.js';
import {
  createAccount,
  createExternalMapping,
  parseInput,
  seedOrganization,
  seedServiceUser,
  updateAccount,
} from './state/seed-operations.js';
import {
  type AccountInput,
  type AccountPatch,
  type BillInput,
  type ExternalMappingInput,
  type LineItemInput,
  type OrganizationInput,
  type ServiceUserInput,
  seedDocumentSchema,
  type WebhookInput,
  webhookInputSchema,
} from './state/seed-schemas.js';
import { WebhookSender } from './webhooks/webhook-sender.js';

export interface EmulatorControllerOptions {
  /** Clock for timestamps and token expiry. Default: the system clock. */
  now?: () => Date;
  /** Seed of the PRNG behind fault decisions. Default: 1. */
  seed?: number;
  /** Per organization, in a rolling second of real (monotonic) time. Default 50; 0 turns it off. */
  rateLimitPerSecond?: number;
  /** Default 18000 (5 h), on the injected clock. */
  tokenLifetimeSeconds?: number;
  /** Default 50: a bill with more line items is answered by `GET /bills/{id}` without `lineItems`. */
  lineItemsInlineLimit?: number;
}

/** Bulk seed: what the CLI's `--data` file holds. */
export interface M3terSeedDocument {
  organizations?: OrganizationInput[];
  serviceUsers?: ServiceUserInput[];
  accounts?: AccountInput[];
  bills?: BillInput[];
  externalMappings?: ExternalMappingInput[];
  webhook?: WebhookInput;
  faults?: FaultConfigInput;
}

export class EmulatorController {
  readonly state: EmulatorState = createEmulatorState();
  readonly faultInjector: FaultInjector;
  readonly rateLimiter: RateLimiter;
  readonly webhookSender: WebhookSender;
  readonly now: () => Date;
  readonly tokenLifetimeSeconds: number;
  readonly lineItemsInlineLimit: number;

  constructor(options: EmulatorControllerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.faultInjector = new FaultInjector(options.seed ?? 1);
    this.rateLimiter = new RateLimiter(options.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT_PER_SECOND);
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
    this.lineItemsInlineLimit = options.lineItemsInlineLimit ?? DEFAULT_LINE_ITEMS_INLINE_LIMIT;
    this.webhookSender = new WebhookSender(this.state, this.now);
  }

  /** Records an event and, for a bill event of an organization with a webhook, sends it there. */
  readonly emit = (orgId: string, eventName: string, eventData: EventData): M3terEventRecord => {
    const event = recordEvent(this.state, orgId, eventName, eventData, this.now());
    const webhook = this.state.webhooks.get(orgId);
    if (webhook && (BILL_EVENT_NAMES as readonly string[]).includes(eventName)) {
      this.webhookSender.send(webhook, event);
    }
    return event;
  };

  seedOrganization(input: OrganizationInput): void {
    seedOrganization(this.state, input);
  }

  seedServiceUser(input: ServiceUserInput): ServiceUser {
    return seedServiceUser(this.state, input);
  }

  createAccount(input: AccountInput): Account {
    return createAccount(this.state, input, this.now(), this.emit);
  }

  updateAccount(orgId: string, id: string, patch: AccountPatch): Account {
    return updateAccount(this.state, orgId, id, patch, this.now(), this.emit);
  }

  createBill(input: BillInput): Bill {
    return createBill(this.state, input, this.now(), this.emit);
  }

  approveBill(orgId: string, billId: string): Bill {
    return approveBill(this.state, orgId, billId, this.now(), this.emit);
  }

  regenerateBill(orgId: string, billId: string, lineItems: LineItemInput[]): Bill {
    return regenerateBill(this.state, orgId, billId, lineItems, this.now(), this.emit);
  }

  /** The version-change fault's recalculation (also usable directly). */
  silentlyRegenerateBill(orgId: string, billId: string): Bill {
    return silentlyRegenerateBill(this.state, orgId, billId, this.now(), this.emit);
  }

  deleteBill(orgId: string, billId: string): void {
    deleteBill(this.state, orgId, billId, this.emit);
  }

  createExternalMapping(input: ExternalMappingInput): ExternalMapping {
    return createExternalMapping(this.state, input, this.now());
  }

  /** Sets an organization's webhook (replacing the previous one); `null` removes every webhook. */
  setWebhook(input: WebhookInput | null): void {
    if (input === null) {
      this.state.webhooks.clear();
      return;
    }
    const settings = parseInput(webhookInputSchema, input, 'webhook');
    this.state.webhooks.set(settings.orgId, { ...settings });
  }

  /** Resolves once every webhook delivery started so far has been answered (or has failed). */
  webhooksSettled(): Promise<void> {
    return this.webhookSender.settled();
  }

  /** Replaces the fault configuration; `{}` turns faults off. */
  setFaults(config: FaultConfigInput): FaultConfig {
    return this.faultInjector.configure(config);
  }

  faults(): FaultConfig {
    return this.faultInjector.config;
  }

  /** Every issued token is expired now (on the emulator's clock): the next call gets 403. */
  expireTokens(): number {
    return expireTokens(this.state, this.now());
  }

  /** An organization's bills, oldest first. */
  bills(orgId: string): Bill[] {
    return [...this.state.bills.values()]
      .filter((bill) => bill.orgId === orgId)
      .sort((a, b) => a.sequence - b.sequence)
      .map((bill) => structuredClone(bill));
  }

  /** An organization's events, newest first (as `GET /events` lists them). */
  events(orgId: string): M3terEventRecord[] {
    return eventsOf(this.state, orgId);
  }

  stats(): EmulatorStats {
    return structuredClone(this.state.stats);
  }

  /** Forgets everything seeded, tokens, events, webhooks and stats; faults off; PRNG re-seeded. */
  reset(): void {
    clearEmulatorState(this.state);
    this.faultInjector.reset();
    this.rateLimiter.reset();
  }

  loadSeedDocument(document: unknown): void {
    const data = parseInput(seedDocumentSchema, document, 'seed document');
    for (const organization of data.organizations) this.seedOrganization(organization);
    for (const user of data.serviceUsers) this.seedServiceUser(user);
    for (const account of data.accounts) this.createAccount(account);
    for (const bill of data.bills) this.createBill(bill);
    for (const mapping of data.externalMappings) this.createExternalMapping(mapping);
    if (data.webhook !== undefined) this.setWebhook(data.webhook);
    if (data.faults !== undefined) this.setFaults(data.faults as FaultConfigInput);
  }
}
