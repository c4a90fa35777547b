import type {
  AdapterClientContext,
  BatchSubmission,
  Exchange,
  MarketplaceClient,
  ReadBackQuery,
  ReadBackResult,
  ResourceDescription,
  UsageEvent,
  VerifyResult,
} from '@hub/core';
import { Agent, type Dispatcher } from 'undici';
import {
  type AzureAvailablePlans,
  type AzureUsageEventsReport,
  ZAvailablePlans,
  ZSubscription,
  ZUsageEventsReport,
} from './azure-responses.js';
import { formatAzureTime, parseAzureTime } from './azure-time.js';
import { classifyBatchAnswer, classifyLookupFailure } from './classify-outcome.js';
import { AZURE_MAX_BATCH_SIZE, AZURE_READ_BACK_SETTLE_MS } from './constants.js';
import { type AzureCredential, ZAzureCredential } from './credential.js';
import { resolveEndpoints } from './endpoints.js';
import { type MeteringCall, MeteringClient, type UsageEventsQuery } from './metering-client.js';
import { MsalNetworkClient } from './msal-network-client.js';
import { checkReadBackQuery, DAY_MS, decideReadBack, utcDayStart } from './read-back.js';
import { type AccessTokenSource, TokenProvider } from './token-provider.js';

export interface AzureClientTimeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From request sent to response headers received. */
  headersMs: number;
  /** Longest silence while a body is being received. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: AzureClientTimeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface AzureClientOptions {
  timeouts?: Partial<AzureClientTimeouts>;
  /** Most sockets per origin in the pool. */
  connections?: number;
  /**
   * A dispatcher to use instead of the client's own pooled Agent (tests: undici's MockAgent). The
   * client does not close a dispatcher it was given.
   */
  dispatcher?: Dispatcher;
  /**
   * `readBackUsage` answers RETRYABLE until this long after the query's `lastAttemptAt`, since how
   * far Azure's read-back lags is not documented. Default `AZURE_READ_BACK_SETTLE_MS` (1 hour).
   */
  readBackSettleMs?: number;
}

export type LookupResult<T> =
  | { ok: true; value: T; exchanges: Exchange[] }
  | { ok: false; code: 'REJECTED' | 'AUTH_FAILED' | 'RETRYABLE'; message: string; exchanges: Exchange[] };

/** Stands in for MSAL when the credential itself is malformed: every call is an AUTH_FAILED. */
class RefusedCredential implements AccessTokenSource {
  constructor(private readonly message: string) {}
  async getToken() {
    return {
      ok: false as const,
      failure: { code: 'invalid_credential', message: this.message, transient: false, retryAfterMs: null },
      exchanges: [],
    };
  }
}

/**
 * The Azure Marketplace client for one credential: what the host calls to verify, submit and look
 * up. It owns one pooled undici Agent (shared by metering calls and MSAL's token calls) and one
 * MSAL application; `close()` releases the sockets.
 */
export class AzureMarketplaceClient implements MarketplaceClient {
  /** The raw HTTP API, for callers that need an endpoint the contract does not cover. */
  readonly metering: MeteringClient;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #now: () => Date;
  readonly #tokens: AccessTokenSource;
  readonly #readBackSettleMs: number;
  #closed = false;

  constructor(context: AdapterClientContext<AzureCredential>, options: AzureClientOptions = {}) {
    const endpoints = resolveEndpoints(context.endpoints);
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#now = context.now;
    this.#readBackSettleMs = options.readBackSettleMs ?? AZURE_READ_BACK_SETTLE_MS;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: timeouts.connectMs },
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
        connections: options.connections ?? 16,
      });
    const parsed = ZAzureCredential.safeParse(context.credential);
    const secret =
      typeof context.credential?.clientSecret === 'string' ? context.credential.clientSecret : '';
    const secrets = secret ? [secret] : [];
    if (parsed.success) {
      const network = new MsalNetworkClient(this.#dispatcher, this.#now, () => secrets);
      this.#tokens = new TokenProvider(parsed.data, endpoints.loginUrl, network);
    } else {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
      this.#tokens = new RefusedCredential(`the credential is malformed: ${issues.join('; ')}`);
    }
    this.metering = new MeteringClient({
      apiUrl: endpoints.apiUrl,
      dispatcher: this.#dispatcher,
      tokens: this.#tokens,
      now: this.#now,
      secrets,
    });
  }

  /** Asks Entra for a fresh token (bypassing MSAL's cache, so a revoked secret shows at once). */
  async verifyCredential(): Promise<VerifyResult> {
    const token = await this.#tokens.getToken({ fresh: true });
    if (token.ok) return { ok: true };
    return { ok: false, error: { code: token.failure.code, message: token.failure.message } };
  }

  async submitBatch(events: readonly UsageEvent[]): Promise<BatchSubmission> {
    if (events.length === 0 || events.length > AZURE_MAX_BATCH_SIZE) {
      throw new RangeError(`a batch holds 1 to ${AZURE_MAX_BATCH_SIZE} events, got ${events.length}`);
    }
    const call = await this.metering.batchUsageEvent(events);
    return { outcomes: classifyBatchAnswer(events, call.answer, this.#now()), exchanges: call.exchanges };
  }

  /** The subscription's plan and whether it takes usage (only `Subscribed` does). */
  async describeResource(resourceId: string): Promise<ResourceDescription> {
    const result = await this.#lookup(
      await this.metering.getSubscription(resourceId),
      'subscription',
      (body) => {
        const parsed = ZSubscription.safeParse(body);
        return parsed.success && parsed.data.saasSubscriptionStatus ? parsed.data : null;
      },
    );
    if (!result.ok) return result;
    const status = result.value.saasSubscriptionStatus ?? 'Unknown';
    return {
      ok: true,
      planId: result.value.planId ?? null,
      active: status === 'Subscribed',
      status,
      exchanges: result.exchanges,
    };
  }

  /** The plans the subscription may use, each with its metering dimensions and prices. */
  async listAvailablePlans(resourceId: string): Promise<LookupResult<AzureAvailablePlans['plans']>> {
    return this.#lookup(await this.metering.listAvailablePlans(resourceId), 'plan list', (body) => {
      const parsed = ZAvailablePlans.safeParse(body);
      return parsed.success ? parsed.data.plans : null;
    });
  }

  /** Azure's own read-back of reported usage, for reconciliation. */
  async getUsageEvents(query: UsageEventsQuery): Promise<LookupResult<AzureUsageEventsReport>> {
    return this.#lookup(await this.metering.getUsageEvents(query), 'usage events', (body) => {
      const parsed = ZUsageEventsReport.safeParse(body ?? []);
      return parsed.success ? parsed.data : null;
    });
  }

  /**
   * Whether Azure holds an event whose earlier attempt got no clear answer, from `GET /usageEvents`.
   * Azure only reports per-day totals, so the answer is worked out from the UTC day's totals and the
   * hub's own records (`knownRecorded`, `unsettled`); the rule, and what it cannot tell apart, is in
   * read-back.ts. One call, for the event's UTC day with a day's margin either side (whether Azure's
   * `UsageEndDate` is inclusive is not documented; rows are picked by their `usageDate`), filtered by
   * `dimension` on Azure's side and by resource here (Azure's `azureSubscriptionId` filter is the
   * buyer's Azure subscription, not the SaaS subscription). Before `lastAttemptAt` plus the settle
   * time it answers RETRYABLE without a call. Throws RangeError for a malformed query.
   */
  async readBackUsage(query: ReadBackQuery): Promise<ReadBackResult> {
    checkReadBackQuery(query);
    if (query.lastAttemptAt !== null) {
      const settledAt = (parseAzureTime(query.lastAttemptAt) ?? 0) + this.#readBackSettleMs;
      const wait = settledAt - this.#now().getTime();
      if (wait > 0) {
        return {
          ok: false,
          code: 'RETRYABLE',
          message: `the last attempt was at ${query.lastAttemptAt}; Azure's read-back is trusted ${Math.round(this.#readBackSettleMs / 60_000)} min after it`,
          retryAfterMs: wait,
          exchanges: [],
        };
      }
    }
    const day = utcDayStart(parseAzureTime(query.event.effectiveStartTime) ?? 0);
    const call = await this.metering.getUsageEvents({
      usageStartDate: formatAzureTime(day - DAY_MS),
      usageEndDate: formatAzureTime(day + DAY_MS),
      dimension: query.event.dimension,
    });
    // Strict here: an empty or non-array body must not read as "nothing recorded".
    const rows = await this.#lookup(call, 'usage read-back', (body) => {
      if (!Array.isArray(body)) return null;
      const parsed = ZUsageEventsReport.safeParse(body);
      return parsed.success ? parsed.data : null;
    });
    if (!rows.ok) return rows;
    const decision = decideReadBack(query, rows.value);
    switch (decision.kind) {
      case 'recorded':
        return { ok: true, recorded: decision.record, basis: decision.basis, exchanges: rows.exchanges };
      case 'not-recorded':
        return { ok: true, recorded: null, basis: decision.basis, exchanges: rows.exchanges };
      case 'undecided':
        return { ok: false, code: decision.code, message: decision.message, exchanges: rows.exchanges };
    }
  }

  async #lookup<T>(
    call: MeteringCall,
    what: string,
    read: (body: unknown) => T | null,
  ): Promise<LookupResult<T>> {
    const { answer, exchanges } = call;
    if (answer.kind === 'http' && answer.status === 200) {
      const value = read(answer.body);
      if (value !== null) return { ok: true, value, exchanges };
      return { ok: false, code: 'RETRYABLE', message: `Azure's ${what} answer could not be read`, exchanges };
    }
    return { ok: false, ...classifyLookupFailure(answer, what), exchanges };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

export function createAzureMarketplaceClient(
  context: AdapterClientContext<AzureCredential>,
  options?: AzureClientOptions,
): AzureMarketplaceClient {
  return new AzureMarketplaceClient(context, options);
}
