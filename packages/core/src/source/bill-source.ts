import type { z } from 'zod';
import type { AdapterEnvironment } from '../adapter/environment.js';
import type { Exchange, VerifyResult } from '../adapter/marketplace-adapter.js';

/**
 * The contract between the hub and one billing platform the hub fetches bills from (m3ter first):
 * the source side of the hub, beside `MarketplaceAdapter` on the destination side.
 *
 * A source is a plain object made with `defineBillSource`, exported by a plugin package that the
 * host loads like a destination plugin (`HUB_PLUGINS`). It reads no environment (it declares its
 * variables), touches no database or queue, and never decides what to ingest: the host keeps the
 * cursor, the sync record and the idempotent ingest path (`POST /v1/bills`'s), and calls the client
 * only to read. Whatever the source returns is parsed by the host with core's models (`ZBill`,
 * `ZAccount`, `ZExternalMappingBody`): a malformed bill is a sync error, never a crash.
 *
 * @example
 * ```ts
 * export const exampleSource = defineBillSource({
 *   id: 'EXAMPLE',
 *   displayName: 'Example Billing',
 *   credential: { schema: z.object({ apiKey: z.string().min(1) }), secretFields: ['apiKey'] },
 *   settings: z.object({ organizationId: z.string().min(1) }),
 *   createClient: (context) => new ExampleSourceClient(context),
 * });
 * ```
 */
export interface BillSource<
  TCredential extends Record<string, unknown> = Record<string, unknown>,
  TSettings extends Record<string, unknown> = Record<string, unknown>,
> {
  /** Stable id, the value of a source's `type` (e.g. `M3TER`). */
  readonly id: string;
  /** Human name for UIs and logs. */
  readonly displayName: string;
  /** The credential's fields; `secretFields` are encrypted at rest and never returned or logged. */
  readonly credential: {
    readonly schema: z.ZodType<TCredential>;
    readonly secretFields: readonly (keyof TCredential & string)[];
  };
  /** The source's own settings, stored in clear (m3ter: the organization id). */
  readonly settings: z.ZodType<TSettings>;
  /** Environment variables the plugin reads (endpoints), parsed by the host at start-up. */
  readonly environment?: AdapterEnvironment;
  /**
   * Reads the billing platform's outgoing webhook as a trigger: which bills to fetch. Never the
   * bill of record (the host fetches it with its own credential). Optional: without it the source
   * offers no webhook. Must not throw: `null` when the body names no bill.
   */
  webhookBillIds?(body: unknown): string[] | null;
  /**
   * Checks a webhook's signature with the secret the operator configured, where the platform's
   * scheme is known. Optional: absent, the host authenticates webhooks by the URL's token alone
   * (and says so).
   */
  verifyWebhookSignature?(input: WebhookSignatureInput): WebhookSignatureResult;
  /** Builds a client for one source; the host closes it. */
  createClient(context: SourceClientContext<TCredential, TSettings>): BillSourceClient;
}

export interface SourceClientContext<TCredential, TSettings> {
  /** The decrypted credential. The client must never log it or put it in an exchange. */
  credential: TCredential;
  settings: TSettings;
  /** From the plugin's declared variables (see `environment`). */
  endpoints: Readonly<Record<string, string | undefined>>;
  now: () => Date;
}

export interface WebhookSignatureInput {
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body, exactly as received. */
  rawBody: Buffer;
  /** The operator's webhook secret for this source. */
  secret: string;
  now: Date;
}

export type WebhookSignatureResult = { ok: true } | { ok: false; reason: string };

/** A change the source reports: a bill to fetch again (or one that was deleted). */
export interface BillChange {
  kind: 'CREATED' | 'UPDATED' | 'DELETED';
  billId: string;
  /** The source's id of the change (m3ter: the event id), for the record. */
  changeId: string;
  /** When it happened at the source, ISO-8601. */
  at: string;
}

/** One page of changes after a cursor. */
export interface ChangePage {
  changes: BillChange[];
  /**
   * Where the next call continues: opaque to the host, stored in PostgreSQL in the same
   * transaction as what these changes ingested. Returning the cursor it was given means nothing new.
   */
  cursor: string;
  /** True when more changes are waiting right now (the host asks again at once). */
  more: boolean;
}

export interface BillListPage {
  billIds: string[];
  /** The next page's token, or null on the last page. */
  nextPageToken: string | null;
}

export interface MappingPage {
  /** External mappings as the source holds them (core `ZExternalMappingBody` shape, unparsed). */
  mappings: unknown[];
  nextPageToken: string | null;
}

/**
 * What every read answers: the value, or why not (`RETRYABLE`: later, honour `retryAfterMs`;
 * `AUTH_FAILED`: the credential was refused; `REJECTED`: the source says no for good, e.g. a bill
 * that does not exist is `ok: true, value: null` instead). Every HTTP call comes back in
 * `exchanges`, redacted.
 */
export type SourceAnswer<T> =
  | { ok: true; value: T; exchanges: Exchange[] }
  | {
      ok: false;
      code: 'RETRYABLE' | 'AUTH_FAILED' | 'REJECTED';
      message: string;
      retryAfterMs?: number | null;
      exchanges: Exchange[];
    };

/** A client bound to one source's credential and settings. Never throws for source or network failures. */
export interface BillSourceClient {
  verifyCredential(): Promise<VerifyResult>;
  /** The bill with all its line items (pages through them when the source pages them), or null when it does not exist. */
  fetchBill(billId: string): Promise<SourceAnswer<unknown | null>>;
  /** The account (core `ZAccount` shape, unparsed), or null when it does not exist. */
  fetchAccount(accountId: string): Promise<SourceAnswer<unknown | null>>;
  /** Bill changes after `cursor` (`null`: from now on; the first sync backfills with `listBills`). */
  listChanges(cursor: string | null): Promise<SourceAnswer<ChangePage>>;
  /** Bills by bill date, for a backfill. */
  listBills(query: BillListQuery, pageToken: string | null): Promise<SourceAnswer<BillListPage>>;
  /** The source's external mappings for the given external systems. */
  listExternalMappings(
    externalSystems: readonly string[],
    pageToken: string | null,
  ): Promise<SourceAnswer<MappingPage>>;
  close(): Promise<void>;
}

export interface BillListQuery {
  /** Inclusive, `YYYY-MM-DD`. */
  billDateStart: string;
  /** Exclusive, `YYYY-MM-DD`. */
  billDateEnd: string;
  status?: 'PENDING' | 'APPROVED';
}

/** Marks what `defineBillSource` made, so the host's plugin loader can tell a source from any export. */
const SOURCE_BRAND = Symbol.for('@hub/core/bill-source');

/** Makes a plugin's source: keeps its types inferred and marks it for the host's plugin loader. */
export function defineBillSource<
  TCredential extends Record<string, unknown>,
  TSettings extends Record<string, unknown>,
>(source: BillSource<TCredential, TSettings>): BillSource<TCredential, TSettings> {
  Object.defineProperty(source, SOURCE_BRAND, { value: true, enumerable: false });
  return source;
}

/** True for a source made with `defineBillSource` (by any copy of this package). */
export function isBillSource(value: unknown): value is BillSource {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SOURCE_BRAND] === true
  );
}
