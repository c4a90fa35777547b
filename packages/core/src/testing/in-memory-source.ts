import { z } from 'zod';
import type { VerifyResult } from '../adapter/marketplace-adapter.js';
import {
  type BillChange,
  type BillListPage,
  type BillSource,
  type BillSourceClient,
  type ChangePage,
  defineBillSource,
  type MappingPage,
  type SourceAnswer,
} from '../source/bill-source.js';

/**
 * A billing platform that lives in memory: accounts, bills with versions, a change log numbered
 * from 1, external mappings and API keys. It is the worked example of the source contract, the
 * subject of core's own source-suite run, and a fake source for the host's tests.
 */
export class InMemoryBillingPlatform {
  readonly apiKeys = new Set<string>();
  readonly accounts = new Map<string, Record<string, unknown>>();
  readonly bills = new Map<string, Record<string, unknown> & { version: number; billDate: string }>();
  readonly changes: BillChange[] = [];
  readonly mappings: Record<string, unknown>[] = [];
  /** When set, every read answers this (an outage): `RETRYABLE` or `AUTH_FAILED`. */
  failing: { code: 'RETRYABLE' | 'AUTH_FAILED'; message: string } | null = null;
  calls = 0;
  private sequence = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  createAccount(account: Record<string, unknown> & { id: string }): void {
    this.accounts.set(account.id, { name: account.id, code: account.id, ...account });
  }

  /** Creates or replaces a bill; a replaced bill's version goes up by one. */
  putBill(bill: Record<string, unknown> & { id: string; billDate?: string }): void {
    const before = this.bills.get(bill.id);
    const version = before ? before.version + 1 : 1;
    const billDate = bill.billDate ?? this.now().toISOString().slice(0, 10);
    this.bills.set(bill.id, { status: 'APPROVED', currency: 'USD', ...bill, billDate, version });
    this.log(before ? 'UPDATED' : 'CREATED', bill.id);
  }

  deleteBill(id: string): void {
    if (this.bills.delete(id)) this.log('DELETED', id);
  }

  private log(kind: BillChange['kind'], billId: string): void {
    this.sequence += 1;
    this.changes.push({ kind, billId, changeId: `chg-${this.sequence}`, at: this.now().toISOString() });
  }
}

const ZCredential = z.object({ apiKey: z.string().min(1) });
const ZSettings = z.object({ organizationId: z.string().min(1) });
type Credential = z.output<typeof ZCredential>;
type Settings = z.output<typeof ZSettings>;

/** Most changes one `listChanges` call returns, small so paging is exercised. */
const PAGE = 2;

class InMemorySourceClient implements BillSourceClient {
  constructor(
    private readonly platform: InMemoryBillingPlatform,
    private readonly credential: Credential,
  ) {}

  private answer<T>(value: () => T): SourceAnswer<T> {
    this.platform.calls += 1;
    const exchanges = [
      {
        method: 'GET',
        url: 'memory://platform',
        requestHeaders: { authorization: '[REDACTED]' },
        requestBody: null,
        status: 200,
        responseHeaders: {},
        responseBody: null,
        error: null,
        startedAt: new Date(0).toISOString(),
        durationMs: 0,
        requestId: null,
        correlationId: null,
      },
    ];
    if (this.platform.failing) return { ok: false, ...this.platform.failing, exchanges };
    if (!this.platform.apiKeys.has(this.credential.apiKey)) {
      return { ok: false, code: 'AUTH_FAILED', message: 'unknown api key', exchanges };
    }
    return { ok: true, value: value(), exchanges };
  }

  async verifyCredential(): Promise<VerifyResult> {
    return this.platform.apiKeys.has(this.credential.apiKey)
      ? { ok: true }
      : { ok: false, error: { code: 'UNAUTHORIZED', message: 'unknown api key' } };
  }

  async fetchBill(billId: string): Promise<SourceAnswer<unknown | null>> {
    return this.answer(() => structuredClone(this.platform.bills.get(billId) ?? null));
  }

  async fetchAccount(accountId: string): Promise<SourceAnswer<unknown | null>> {
    return this.answer(() => structuredClone(this.platform.accounts.get(accountId) ?? null));
  }

  async listChanges(cursor: string | null): Promise<SourceAnswer<ChangePage>> {
    return this.answer(() => {
      // The cursor is how many changes of the log were already reported.
      const from = cursor === null ? this.platform.changes.length : Number(cursor);
      const changes = this.platform.changes.slice(from, from + PAGE);
      const next = from + changes.length;
      return { changes, cursor: String(next), more: next < this.platform.changes.length };
    });
  }

  async listBills(
    query: { billDateStart: string; billDateEnd: string; status?: string },
    pageToken: string | null,
  ): Promise<SourceAnswer<BillListPage>> {
    return this.answer(() => {
      const ids = [...this.platform.bills.values()]
        .filter((bill) => bill.billDate >= query.billDateStart && bill.billDate < query.billDateEnd)
        .filter((bill) => !query.status || bill.status === query.status)
        .map((bill) => bill.id as string)
        .sort();
      const from = pageToken === null ? 0 : Number(pageToken);
      const next = from + PAGE;
      return { billIds: ids.slice(from, next), nextPageToken: next < ids.length ? String(next) : null };
    });
  }

  async listExternalMappings(
    systems: readonly string[],
    pageToken: string | null,
  ): Promise<SourceAnswer<MappingPage>> {
    return this.answer(() => {
      const wanted = this.platform.mappings.filter((m) => systems.includes(m.externalSystem as string));
      const from = pageToken === null ? 0 : Number(pageToken);
      const next = from + PAGE;
      return {
        mappings: structuredClone(wanted.slice(from, next)),
        nextPageToken: next < wanted.length ? String(next) : null,
      };
    });
  }

  async close(): Promise<void> {}
}

/** The in-memory platform as a bill source (id `IN_MEMORY_SOURCE` unless told otherwise). */
export function createInMemorySource(
  platform: InMemoryBillingPlatform,
  id = 'IN_MEMORY_SOURCE',
): BillSource<Credential, Settings> {
  return defineBillSource<Credential, Settings>({
    id,
    displayName: 'In-memory billing platform',
    credential: { schema: ZCredential, secretFields: ['apiKey'] },
    settings: ZSettings,
    webhookBillIds: (body) => {
      const id = (body as { billId?: unknown } | null)?.billId;
      return typeof id === 'string' && id !== '' ? [id] : null;
    },
    createClient: (context) => new InMemorySourceClient(platform, context.credential),
  });
}
