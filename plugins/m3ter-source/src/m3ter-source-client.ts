import type {
  BillListPage,
  BillListQuery,
  BillSourceClient,
  ChangePage,
  Exchange,
  MappingPage,
  SourceAnswer,
  SourceClientContext,
  VerifyResult,
} from '@hub/core';
import { Agent, type Dispatcher } from 'undici';
import { isSafeId } from './bill-events.js';
import {
  type ChangeLimits,
  changesAfter,
  DEFAULT_CHANGE_LIMITS,
  decodeCursor,
  type EventPage,
  initialCursor,
} from './change-cursor.js';
import {
  BILLS_PAGE_SIZE,
  type BillEventName,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  EVENTS_PAGE_SIZE,
  LINE_ITEMS_PAGE_SIZE,
  MAPPINGS_PAGE_SIZE,
  MAX_BILL_READS,
  MAX_LINE_ITEM_PAGES,
} from './constants.js';
import { type M3terCredential, type M3terSettings, ZM3terCredential, ZM3terSettings } from './credential.js';
import { resolveEndpoints } from './endpoints.js';
import { type ApiFailure, DEFAULT_RETRY_POLICY, M3terApi, type RetryPolicy } from './m3ter-api.js';
import { toHubMapping } from './mappings.js';
import { organizationLimiter, type RateLimiter } from './rate-limiter.js';

export interface M3terClientOptions {
  /** Instead of the client's own pooled Agent (tests: undici's MockAgent). Not closed by the client. */
  dispatcher?: Dispatcher;
  /** Per request: connect, and the longest wait for headers or between body chunks (60 s, as m3ter's SDK). */
  timeouts?: { connectMs?: number; requestMs?: number };
  retry?: Partial<RetryPolicy>;
  /** Default: the process-wide limiter of the organization (50 requests/s). */
  limiter?: RateLimiter;
  /** How retries wait (tests: a fake). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  changeLimits?: Partial<ChangeLimits>;
}

type Answer<T> = SourceAnswer<T>;

function failed<T>(failure: ApiFailure, exchanges: Exchange[]): Answer<T> {
  return {
    ok: false,
    code: failure.code,
    message: failure.message,
    retryAfterMs: failure.retryAfterMs ?? null,
    exchanges,
  };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A list page `{data, nextToken}`: null when the body is not one. */
function listPage(body: unknown): { data: unknown[]; nextToken: string | null } | null {
  const page = asRecord(body);
  if (!page || !Array.isArray(page['data'])) return null;
  const next = page['nextToken'];
  return { data: page['data'], nextToken: typeof next === 'string' && next !== '' ? next : null };
}

const malformed = (what: string): ApiFailure => ({
  ok: false,
  code: 'RETRYABLE',
  message: `m3ter answered ${what} with an unexpected body`,
});

/** Two reads of one bill agree when they are the same JSON (lossless numbers compare by text). */
function sameBill(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const { lineItems: _a, ...restA } = a;
  const { lineItems: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/** Malformed credential or settings: every call answers AUTH_FAILED / REJECTED without a request. */
class Misconfigured {
  constructor(
    readonly code: 'AUTH_FAILED' | 'REJECTED',
    readonly message: string,
  ) {}
}

/**
 * The m3ter source client for one organization and Service User. It reads only: bills (with every
 * line item), accounts, bill events and external mappings. It owns one pooled undici Agent unless
 * given a dispatcher; `close()` releases it.
 */
export class M3terSourceClient implements BillSourceClient {
  readonly api: M3terApi | Misconfigured;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #changeLimits: ChangeLimits;
  #closed = false;

  constructor(
    context: SourceClientContext<M3terCredential, M3terSettings>,
    options: M3terClientOptions = {},
  ) {
    const requestMs = options.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: options.timeouts?.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
        headersTimeout: requestMs,
        bodyTimeout: requestMs,
        connections: 16,
      });
    this.#changeLimits = { ...DEFAULT_CHANGE_LIMITS, ...options.changeLimits };
    const credential = ZM3terCredential.safeParse(context.credential);
    const settings = ZM3terSettings.safeParse(context.settings);
    if (!credential.success) {
      const issues = credential.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
      this.api = new Misconfigured('AUTH_FAILED', `the credential is malformed: ${issues.join('; ')}`);
      return;
    }
    if (!settings.success) {
      const issues = settings.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
      this.api = new Misconfigured('REJECTED', `the settings are malformed: ${issues.join('; ')}`);
      return;
    }
    let endpoints: ReturnType<typeof resolveEndpoints>;
    try {
      endpoints = resolveEndpoints(context.endpoints);
    } catch (error) {
      this.api = new Misconfigured('REJECTED', (error as Error).message);
      return;
    }
    this.api = new M3terApi({
      endpoints,
      organizationId: settings.data.organizationId,
      credential: credential.data,
      dispatcher: this.#dispatcher,
      now: context.now,
      limiter: options.limiter ?? organizationLimiter(settings.data.organizationId),
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    });
  }

  async #run<T>(
    work: (api: M3terApi, exchanges: Exchange[]) => Promise<{ value: T } | ApiFailure>,
  ): Promise<Answer<T>> {
    const exchanges: Exchange[] = [];
    if (this.#closed) return { ok: false, code: 'REJECTED', message: 'the client is closed', exchanges };
    if (this.api instanceof Misconfigured) {
      return { ok: false, code: this.api.code, message: this.api.message, exchanges };
    }
    const api = this.api;
    try {
      const result = await work(api, exchanges);
      if ('value' in result) return { ok: true, value: result.value, exchanges };
      return failed(result, exchanges);
    } catch (error) {
      // Programming errors only; still no secret in the message.
      let message = error instanceof Error ? error.message : String(error);
      for (const secret of api.secrets())
        if (secret.length >= 4) message = message.split(secret).join('[REDACTED]');
      return { ok: false, code: 'RETRYABLE', message: `unexpected error: ${message}`, exchanges };
    }
  }

  /** Gets a token, then lists one bill, which proves the organization id belongs to the key. */
  async verifyCredential(): Promise<VerifyResult> {
    const answer = await this.#run(async (api, exchanges) => {
      const token = await api.token(exchanges, true);
      if (!token.ok) return token;
      const probe = await api.get('/bills', { pageSize: 1, excludeLineItems: true }, exchanges);
      if (!probe.ok) return probe;
      if (probe.status === 404) {
        return { ok: false as const, code: 'REJECTED' as const, message: 'm3ter knows no such organization' };
      }
      return { value: true };
    });
    return answer.ok ? { ok: true } : { ok: false, error: { code: answer.code, message: answer.message } };
  }

  /**
   * `GET /bills/{id}`; when the bill comes without `lineItems` (m3ter leaves them out of large
   * bills), every page of `/bills/{id}/lineitems`, then the bill again: if the two reads of the
   * bill differ (it was regenerated meanwhile) everything is read again, at most 3 times, so a
   * bill is never returned torn. Null when the bill does not exist (or was deleted meanwhile).
   */
  fetchBill(billId: string): Promise<Answer<unknown | null>> {
    return this.#run(async (api, exchanges) => {
      const path = `/bills/${encodeURIComponent(billId)}`;
      let first = await api.get(path, {}, exchanges);
      for (let read = 1; ; read += 1) {
        if (!first.ok) return first;
        if (first.status === 404) return { value: null };
        const bill = asRecord(first.body);
        if (!bill) return malformed(`GET ${path}`);
        if (Array.isArray(bill['lineItems'])) return { value: bill as unknown };
        const items = await this.#lineItems(api, billId, exchanges);
        if (items !== null && !Array.isArray(items)) return items;
        const second = await api.get(path, {}, exchanges);
        if (!second.ok) return second;
        if (second.status === 404) return { value: null };
        const again = asRecord(second.body);
        if (!again) return malformed(`GET ${path}`);
        if (items !== null && sameBill(bill, again))
          return { value: { ...bill, lineItems: items } as unknown };
        if (read >= MAX_BILL_READS) {
          return {
            ok: false as const,
            code: 'RETRYABLE' as const,
            message: `bill ${billId} changed while it was being read, ${read} times in a row`,
            retryAfterMs: 5_000,
          };
        }
        first = second;
      }
    });
  }

  /** Every line item of a bill, page by page; null when the bill vanished meanwhile (404). */
  async #lineItems(
    api: M3terApi,
    billId: string,
    exchanges: Exchange[],
  ): Promise<unknown[] | null | ApiFailure> {
    const path = `/bills/${encodeURIComponent(billId)}/lineitems`;
    const items: unknown[] = [];
    let nextToken: string | null = null;
    for (let pages = 0; pages < MAX_LINE_ITEM_PAGES; pages += 1) {
      const answer = await api.get(
        path,
        { pageSize: LINE_ITEMS_PAGE_SIZE, nextToken: nextToken ?? undefined },
        exchanges,
      );
      if (!answer.ok) return answer;
      if (answer.status === 404) return null;
      const page = listPage(answer.body);
      if (!page) return malformed(`GET ${path}`);
      for (const item of page.data) {
        const owner = asRecord(item)?.['billId'];
        // An item of another bill means the pages are not what we asked for: read again.
        if (typeof owner === 'string' && owner !== billId) return null;
        items.push(item);
      }
      nextToken = page.nextToken;
      if (nextToken === null) return items;
    }
    return {
      ok: false,
      code: 'REJECTED',
      message: `bill ${billId} has more than ${MAX_LINE_ITEM_PAGES} pages of line items`,
    };
  }

  /** `GET /accounts/{id}`: the account as m3ter holds it, or null. */
  fetchAccount(accountId: string): Promise<Answer<unknown | null>> {
    return this.#run(async (api, exchanges) => {
      const path = `/accounts/${encodeURIComponent(accountId)}`;
      const answer = await api.get(path, {}, exchanges);
      if (!answer.ok) return answer;
      if (answer.status === 404) return { value: null };
      const account = asRecord(answer.body);
      return account ? { value: account as unknown } : malformed(`GET ${path}`);
    });
  }

  /** Bill events after the cursor (see change-cursor.ts for the design). */
  listChanges(cursor: string | null): Promise<Answer<ChangePage>> {
    return this.#run(async (api, exchanges) => {
      const fetchPage = (eventName: BillEventName, nextToken: string | null) =>
        this.#eventPage(api, eventName, nextToken, exchanges);
      if (cursor === null) {
        const initial = await initialCursor(fetchPage);
        if (!initial.ok) return initial;
        return { value: { changes: [], cursor: initial.cursor, more: false } };
      }
      const state = decodeCursor(cursor);
      if (!state) {
        return {
          ok: false as const,
          code: 'REJECTED' as const,
          message: 'the cursor is not one this source wrote',
        };
      }
      const result = await changesAfter(state, fetchPage, this.#changeLimits);
      return result.ok ? { value: result.page } : result;
    });
  }

  async #eventPage(
    api: M3terApi,
    eventName: BillEventName,
    nextToken: string | null,
    exchanges: Exchange[],
  ): Promise<EventPage> {
    const answer = await api.get(
      '/events',
      { eventName, includeActioned: true, pageSize: EVENTS_PAGE_SIZE, nextToken: nextToken ?? undefined },
      exchanges,
    );
    if (!answer.ok) return answer;
    if (answer.status === 404)
      return { ok: false, code: 'REJECTED', message: 'm3ter answered 404 to /events' };
    const page = listPage(answer.body);
    return page ? { ok: true, events: page.data, nextToken: page.nextToken } : malformed('GET /events');
  }

  /** Bill ids by bill date (`billDateStart` inclusive, `billDateEnd` exclusive, as m3ter's). */
  listBills(query: BillListQuery, pageToken: string | null): Promise<Answer<BillListPage>> {
    return this.#run(async (api, exchanges) => {
      const answer = await api.get(
        '/bills',
        {
          billDateStart: query.billDateStart,
          billDateEnd: query.billDateEnd,
          status: query.status,
          excludeLineItems: true,
          pageSize: BILLS_PAGE_SIZE,
          nextToken: pageToken ?? undefined,
        },
        exchanges,
      );
      if (!answer.ok) return answer;
      const page = answer.status === 404 ? null : listPage(answer.body);
      if (!page) return malformed('GET /bills');
      const billIds = page.data.map((bill) => asRecord(bill)?.['id']).filter(isSafeId);
      return { value: { billIds, nextPageToken: page.nextToken } };
    });
  }

  /** One page of m3ter's external mappings, those of the given external systems, in core's shape. */
  listExternalMappings(
    externalSystems: readonly string[],
    pageToken: string | null,
  ): Promise<Answer<MappingPage>> {
    return this.#run(async (api, exchanges) => {
      const answer = await api.get(
        '/externalmappings',
        { pageSize: MAPPINGS_PAGE_SIZE, nextToken: pageToken ?? undefined },
        exchanges,
      );
      if (!answer.ok) return answer;
      const page = answer.status === 404 ? null : listPage(answer.body);
      if (!page) return malformed('GET /externalmappings');
      const mappings = page.data
        .filter((raw) => {
          const system = asRecord(raw)?.['externalSystem'];
          return typeof system === 'string' && externalSystems.includes(system);
        })
        .map(toHubMapping)
        .filter((mapping) => mapping !== null);
      return { value: { mappings, nextPageToken: page.nextToken } };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

export function createM3terSourceClient(
  context: SourceClientContext<M3terCredential, M3terSettings>,
  options?: M3terClientOptions,
): M3terSourceClient {
  return new M3terSourceClient(context, options);
}
