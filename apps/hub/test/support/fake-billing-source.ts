import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BillChange,
  type BillSourceClient,
  defineBillSource,
  type Exchange,
  type SourceAnswer,
} from '@hub/core';
import { z } from 'zod';

/**
 * A small billing platform for the hub's source tests: bills, accounts, a change feed, external
 * mappings, behind a real HTTP server on 127.0.0.1 with an API key; and a source plugin for it
 * (`FAKE_BILLING`) made with core's `defineBillSource`, as a plugin package would make one.
 */
export class FakeBillingPlatform {
  readonly bills = new Map<string, Record<string, unknown>>();
  readonly accounts = new Map<string, Record<string, unknown>>();
  readonly changes: (BillChange & { seq: number })[] = [];
  mappings: Record<string, unknown>[] = [];
  apiKey = 'fake-key-0123456789';
  /** Answer 503 with Retry-After to everything (an outage). */
  outage = false;
  /** Bill ids whose GET answers 503 (a partial outage). */
  readonly failingBills = new Set<string>();
  /** Count of requests by `METHOD path-without-query`. */
  readonly requests = new Map<string, number>();
  /** Called on every request before it is answered (a test may act while a sync is under way). */
  onRequest: (() => void | Promise<void>) | null = null;
  /** Called when a bill is fetched, before answering (a test may crash the sync there). */
  onFetchBill: ((billId: string) => void | Promise<void>) | null = null;
  private seq = 0;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Stores (or regenerates) a bill and records the change in the feed. */
  putBill(bill: Record<string, unknown>): void {
    const id = String(bill.id);
    const kind = this.bills.has(id) ? 'UPDATED' : 'CREATED';
    this.bills.set(id, bill);
    this.changes.push({
      seq: ++this.seq,
      kind,
      billId: id,
      changeId: `chg-${this.seq}`,
      at: new Date().toISOString(),
    });
  }

  deleteBill(id: string): void {
    this.bills.delete(id);
    this.changes.push({
      seq: ++this.seq,
      kind: 'DELETED',
      billId: id,
      changeId: `chg-${this.seq}`,
      at: new Date().toISOString(),
    });
  }

  count(key: string): number {
    return this.requests.get(key) ?? 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const segments = url.pathname.split('/').filter(Boolean);
    const key = `${req.method} /${segments[0] ?? ''}${segments[1] ? '/:id' : ''}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    await this.onRequest?.();
    if (this.outage) return send(503, { message: 'maintenance' }, { 'retry-after': '1' });
    if (req.headers['x-api-key'] !== this.apiKey) return send(401, { message: 'bad api key' });
    if (segments[0] === 'bills' && segments[1]) {
      const id = decodeURIComponent(segments[1]);
      if (this.failingBills.has(id)) return send(503, { message: 'busy' }, { 'retry-after': '1' });
      await this.onFetchBill?.(id);
      const bill = this.bills.get(id);
      return bill ? send(200, bill) : send(404, { message: 'no such bill' });
    }
    if (segments[0] === 'bills') {
      const start = url.searchParams.get('start') ?? '';
      const end = url.searchParams.get('end') ?? '';
      const status = url.searchParams.get('status');
      const ids = [...this.bills.values()]
        .filter(
          (b) => String(b.billDate) >= start && String(b.billDate) < end && (!status || b.status === status),
        )
        .map((b) => String(b.id))
        .sort();
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = 2;
      return send(200, {
        billIds: ids.slice(page * size, page * size + size),
        next: (page + 1) * size < ids.length ? String(page + 1) : null,
      });
    }
    if (segments[0] === 'accounts' && segments[1]) {
      const account = this.accounts.get(decodeURIComponent(segments[1]));
      return account ? send(200, account) : send(404, { message: 'no such account' });
    }
    if (segments[0] === 'changes') {
      const after = url.searchParams.get('after');
      if (after === null) return send(200, { changes: [], cursor: String(this.seq), more: false });
      const pending = this.changes.filter((change) => change.seq > Number(after));
      const page = pending.slice(0, 3);
      const cursor = page.length ? String(page[page.length - 1]!.seq) : after;
      return send(200, {
        changes: page.map(({ seq: _seq, ...change }) => change),
        cursor,
        more: pending.length > page.length,
      });
    }
    if (segments[0] === 'mappings') {
      const systems = (url.searchParams.get('systems') ?? '').split(',');
      return send(200, {
        mappings: this.mappings.filter((m) => systems.includes(String(m.externalSystem))),
        next: null,
      });
    }
    send(404, { message: 'no route' });
  }
}

/** `x-fake-signature: <hex hmac-sha256 of the raw body>` with the operator's secret. */
export function signFake(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

class FakeClient implements BillSourceClient {
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string,
  ) {}

  private async get<T>(path: string, accept404 = false): Promise<SourceAnswer<T | null>> {
    const startedAt = new Date();
    const url = `${this.baseUrl}${path}`;
    const exchange = (
      status: number | null,
      body: unknown,
      error: string | null,
      headers: Record<string, string> = {},
    ): Exchange => ({
      method: 'GET',
      url,
      requestHeaders: { 'x-api-key': '[REDACTED]' },
      requestBody: null,
      status,
      responseHeaders: headers,
      responseBody: body,
      error,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      requestId: null,
      correlationId: null,
    });
    let res: Response;
    try {
      res = await fetch(url, { headers: { 'x-api-key': this.apiKey } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, code: 'RETRYABLE', message, exchanges: [exchange(null, null, message)] };
    }
    const body = (await res.json().catch(() => null)) as unknown;
    const exchanges = [
      exchange(res.status, body, null, { 'content-type': res.headers.get('content-type') ?? '' }),
    ];
    if (res.ok) return { ok: true, value: body as T, exchanges };
    if (res.status === 404 && accept404) return { ok: true, value: null, exchanges };
    if (res.status === 401 || res.status === 403) {
      return {
        ok: false,
        code: 'AUTH_FAILED',
        message: `the platform refused the key (${res.status})`,
        exchanges,
      };
    }
    if (res.status === 429 || res.status >= 500) {
      const retryAfter = Number(res.headers.get('retry-after'));
      return {
        ok: false,
        code: 'RETRYABLE',
        message: `the platform answered ${res.status}`,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
        exchanges,
      };
    }
    return { ok: false, code: 'REJECTED', message: `the platform answered ${res.status}`, exchanges };
  }

  async verifyCredential() {
    const answer = await this.get<unknown>('/changes');
    return answer.ok
      ? ({ ok: true } as const)
      : { ok: false as const, error: { code: answer.code, message: answer.message } };
  }
  fetchBill(billId: string) {
    return this.get<unknown>(`/bills/${encodeURIComponent(billId)}`, true);
  }
  fetchAccount(accountId: string) {
    return this.get<unknown>(`/accounts/${encodeURIComponent(accountId)}`, true);
  }
  async listChanges(cursor: string | null) {
    const answer = await this.get<{ changes: BillChange[]; cursor: string; more: boolean }>(
      cursor === null ? '/changes' : `/changes?after=${encodeURIComponent(cursor)}`,
    );
    return answer as SourceAnswer<{ changes: BillChange[]; cursor: string; more: boolean }>;
  }
  async listBills(
    query: { billDateStart: string; billDateEnd: string; status?: string },
    pageToken: string | null,
  ) {
    const params = new URLSearchParams({
      start: query.billDateStart,
      end: query.billDateEnd,
      page: pageToken ?? '0',
    });
    if (query.status) params.set('status', query.status);
    const answer = await this.get<{ billIds: string[]; next: string | null }>(`/bills?${params}`);
    if (!answer.ok) return answer;
    return {
      ok: true as const,
      value: { billIds: answer.value!.billIds, nextPageToken: answer.value!.next },
      exchanges: answer.exchanges,
    };
  }
  async listExternalMappings(externalSystems: readonly string[], _pageToken: string | null) {
    const answer = await this.get<{ mappings: unknown[]; next: string | null }>(
      `/mappings?systems=${encodeURIComponent(externalSystems.join(','))}`,
    );
    if (!answer.ok) return answer;
    return {
      ok: true as const,
      value: { mappings: answer.value!.mappings, nextPageToken: null },
      exchanges: answer.exchanges,
    };
  }
  async close() {}
}

/** The source plugin for `FakeBillingPlatform`. */
export const fakeBillingSource = defineBillSource({
  id: 'FAKE_BILLING',
  displayName: 'Fake Billing (tests)',
  credential: {
    schema: z.object({ apiKey: z.string().min(8, 'must be at least 8 characters') }),
    secretFields: ['apiKey'],
  },
  settings: z.object({
    baseUrl: z.url('must be a URL'),
    organizationId: z.string().min(1, 'must not be empty'),
  }),
  webhookBillIds(body) {
    const ids = (body as { billIds?: unknown } | null)?.billIds;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : null;
  },
  verifyWebhookSignature({ headers, rawBody, secret }) {
    const given = headers['x-fake-signature'];
    if (!given) return { ok: false, reason: 'the x-fake-signature header is missing' };
    const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'));
    const presented = Buffer.from(given);
    return expected.length === presented.length && timingSafeEqual(expected, presented)
      ? { ok: true }
      : { ok: false, reason: 'the signature does not match the body' };
  },
  createClient: (context) => new FakeClient(context.credential.apiKey, context.settings.baseUrl),
});

/** The same platform, as a source without a webhook. */
export const fakePollOnlySource = defineBillSource({
  ...fakeBillingSource,
  id: 'FAKE_POLL_ONLY',
  displayName: 'Fake Billing without webhooks (tests)',
  webhookBillIds: undefined as never,
  verifyWebhookSignature: undefined as never,
});
