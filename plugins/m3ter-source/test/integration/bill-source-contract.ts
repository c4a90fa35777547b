import {
  type BillChange,
  type BillSource,
  type BillSourceClient,
  parseJsonLossless,
  ZAccount,
  ZBill,
  ZExternalMappingBody,
} from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A source contract suite, written so that it can move to core (`describeBillSourceContract`): it
 * knows the source only through `BillSource`/`BillSourceClient` and a harness that drives the
 * platform (its emulator) from behind.
 */
export interface SourceHarness {
  source: BillSource;
  /** A client with a good credential; `wrongSecret`: same key, refused secret. */
  client(options?: { wrongSecret?: boolean }): BillSourceClient;
  /** Secret values that must never appear in an exchange. */
  secrets: readonly string[];
  createAccount(input: {
    name: string;
    code: string;
    customFields?: Record<string, string | number>;
  }): string;
  /** A bill of `lineItems` usage lines (subtotal 0.01 × n each) for the account; returns its id. */
  createBill(input: {
    accountId: string;
    lineItems: number;
    billDate?: string;
    status?: 'PENDING' | 'APPROVED';
  }): string;
  approveBill(billId: string): void;
  regenerateBill(billId: string, lineItems: number): void;
  deleteBill(billId: string): void;
  createMapping(input: {
    m3terId: string;
    externalSystem: string;
    externalTable: string;
    externalId: string;
  }): void;
  /** The next GET of a bill comes back regenerated (version + 1). Off with `false`. */
  regenerateOnRead(on: boolean): void;
  expireTokens(): void;
  throttle(rate: number): void;
  close(): Promise<void>;
}

interface Tracked {
  exchanges: unknown[];
}

export function describeBillSourceContract(name: string, makeHarness: () => Promise<SourceHarness>): void {
  describe(`${name}: bill source contract`, () => {
    let harness: SourceHarness;
    let client: BillSourceClient;
    const recorded: unknown[] = [];
    const track = <T extends Tracked>(answer: T): T => {
      recorded.push(...answer.exchanges);
      return answer;
    };

    beforeAll(async () => {
      harness = await makeHarness();
      client = harness.client();
    });
    afterAll(async () => {
      await client?.close();
      await harness?.close();
    });

    const billOf = async (id: string) => {
      const answer = track(await client.fetchBill(id));
      if (!answer.ok) throw new Error(`${answer.code}: ${answer.message}`);
      return answer.value === null ? null : ZBill.parse(parseJsonLossless(JSON.stringify(answer.value)));
    };

    it('verifies a good credential and refuses a bad one (AUTH_FAILED)', async () => {
      expect(await client.verifyCredential()).toEqual({ ok: true });
      const bad = harness.client({ wrongSecret: true });
      const result = await bad.verifyCredential();
      expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
      const fetched = await bad.fetchBill('any');
      expect(fetched).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      recorded.push(...fetched.exchanges);
      await bad.close();
    });

    it('fetches a bill with inline line items and one with paged line items, both complete', async () => {
      const accountId = harness.createAccount({ name: 'Inline Ltd', code: 'inline' });
      const small = harness.createBill({ accountId, lineItems: 3 });
      const large = harness.createBill({ accountId, lineItems: 237 });
      const smallBill = await billOf(small);
      expect(smallBill?.lineItems).toHaveLength(3);
      const largeBill = await billOf(large);
      expect(largeBill?.lineItems).toHaveLength(237);
      expect(new Set(largeBill?.lineItems.map((item) => item.id)).size).toBe(237);
      expect(largeBill?.accountId).toBe(accountId);
      expect(await billOf('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('a bill regenerated between reads is read again, never torn', async () => {
      const accountId = harness.createAccount({ name: 'Torn Ltd', code: 'torn' });
      const id = harness.createBill({ accountId, lineItems: 120 });
      harness.regenerateOnRead(true);
      let answer: Awaited<ReturnType<BillSourceClient['fetchBill']>>;
      try {
        answer = track(await client.fetchBill(id));
      } finally {
        harness.regenerateOnRead(false);
      }
      if (answer.ok) {
        const bill = ZBill.parse(parseJsonLossless(JSON.stringify(answer.value)));
        expect(bill.lineItems).toHaveLength(120);
        // Every line belongs to the version returned: its total is the sum of its lines.
        const again = await billOf(id);
        expect(again?.version).toBeGreaterThanOrEqual(bill.version);
      } else {
        expect(answer.code).toBe('RETRYABLE');
      }
      const settled = await billOf(id);
      expect(settled?.lineItems).toHaveLength(120);
    });

    it('fetches an account (ZAccount shape) or null', async () => {
      const accountId = harness.createAccount({
        name: 'Acme',
        code: 'acme',
        customFields: { region: 'emea', seats: 3 },
      });
      const answer = track(await client.fetchAccount(accountId));
      expect(answer.ok).toBe(true);
      const account = ZAccount.parse(parseJsonLossless(JSON.stringify(answer.ok ? answer.value : null)));
      expect(account).toMatchObject({
        id: accountId,
        name: 'Acme',
        code: expect.stringMatching(/^acme/),
        customFields: { region: 'emea', seats: 3 },
      });
      expect(track(await client.fetchAccount('00000000-0000-4000-8000-00000000abcd'))).toMatchObject({
        ok: true,
        value: null,
      });
    });

    it('lists changes after a cursor: create → approve → regenerate → delete, each once, in order', async () => {
      const start = track(await client.listChanges(null));
      if (!start.ok) throw new Error(start.message);
      expect(start.value.changes).toEqual([]);
      const accountId = harness.createAccount({ name: 'Changes', code: 'changes' });
      const id = harness.createBill({ accountId, lineItems: 2 });
      harness.approveBill(id);
      const mid = track(await client.listChanges(start.value.cursor));
      if (!mid.ok) throw new Error(mid.message);
      harness.regenerateBill(id, 4);
      harness.deleteBill(id);
      const seen: BillChange[] = [...mid.value.changes];
      let cursor = mid.value.cursor;
      for (let i = 0; i < 10; i += 1) {
        const page = track(await client.listChanges(cursor));
        if (!page.ok) throw new Error(page.message);
        seen.push(...page.value.changes);
        cursor = page.value.cursor;
        if (!page.value.more) break;
      }
      const mine = seen.filter((change) => change.billId === id);
      expect(mine.map((change) => change.kind)).toEqual(['CREATED', 'UPDATED', 'UPDATED', 'DELETED']);
      expect(new Set(mine.map((change) => change.changeId)).size).toBe(4);
      const quiet = track(await client.listChanges(cursor));
      expect(quiet).toMatchObject({ ok: true, value: { changes: [], cursor, more: false } });
      expect(await billOf(id)).toBeNull();
    });

    it('lists bills by bill date for a backfill, page by page', async () => {
      const accountId = harness.createAccount({ name: 'Backfill', code: 'backfill' });
      const inRange = new Set<string>();
      for (let day = 1; day <= 5; day += 1) {
        inRange.add(
          harness.createBill({ accountId, lineItems: 1, billDate: `2024-03-0${day}`, status: 'APPROVED' }),
        );
      }
      harness.createBill({ accountId, lineItems: 1, billDate: '2024-04-01', status: 'APPROVED' });
      harness.createBill({ accountId, lineItems: 1, billDate: '2024-03-02', status: 'PENDING' });
      const found: string[] = [];
      let token: string | null = null;
      do {
        const page: Awaited<ReturnType<BillSourceClient['listBills']>> = track(
          await client.listBills(
            { billDateStart: '2024-03-01', billDateEnd: '2024-04-01', status: 'APPROVED' },
            token,
          ),
        );
        if (!page.ok) throw new Error(page.message);
        found.push(...page.value.billIds);
        token = page.value.nextPageToken;
      } while (token !== null);
      expect(new Set(found)).toEqual(inRange);
    });

    it("lists the external mappings of the asked-for systems in core's shape", async () => {
      const accountId = harness.createAccount({ name: 'Mapped', code: 'mapped' });
      harness.createMapping({
        m3terId: accountId,
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: 'sub-1',
      });
      harness.createMapping({
        m3terId: accountId,
        externalSystem: 'Stripe',
        externalTable: 'Customer',
        externalId: 'cus_1',
      });
      const mappings: unknown[] = [];
      let token: string | null = null;
      do {
        const page: Awaited<ReturnType<BillSourceClient['listExternalMappings']>> = track(
          await client.listExternalMappings(['AzureMarketplace'], token),
        );
        if (!page.ok) throw new Error(page.message);
        mappings.push(...page.value.mappings);
        token = page.value.nextPageToken;
      } while (token !== null);
      const parsed = mappings.map((mapping) => ZExternalMappingBody.parse(mapping));
      expect(parsed.filter((m) => m.m3terId === accountId)).toEqual([
        expect.objectContaining({
          externalSystem: 'AzureMarketplace',
          externalId: 'sub-1',
          m3terEntity: 'Account',
        }),
      ]);
      expect(
        parsed.every((m) => m.externalSystem === 'AzureMarketplace' && m.integrationConfigId == null),
      ).toBe(true);
    });

    it('survives tokens expiring mid-run', async () => {
      const accountId = harness.createAccount({ name: 'Expiry', code: 'expiry' });
      const id = harness.createBill({ accountId, lineItems: 2 });
      expect((await billOf(id))?.lineItems).toHaveLength(2);
      harness.expireTokens();
      expect((await billOf(id))?.lineItems).toHaveLength(2);
    });

    it('a 429 storm still gives complete answers (or RETRYABLE, never partial)', async () => {
      const accountId = harness.createAccount({ name: 'Storm', code: 'storm' });
      const ids = [
        harness.createBill({ accountId, lineItems: 160 }),
        harness.createBill({ accountId, lineItems: 5 }),
      ];
      harness.throttle(0.5);
      try {
        for (const [index, id] of ids.entries()) {
          let done = false;
          for (let attempt = 0; attempt < 5 && !done; attempt += 1) {
            const answer = track(await client.fetchBill(id));
            if (!answer.ok) {
              expect(answer.code).toBe('RETRYABLE');
              continue;
            }
            const bill = ZBill.parse(parseJsonLossless(JSON.stringify(answer.value)));
            expect(bill.lineItems).toHaveLength(index === 0 ? 160 : 5);
            done = true;
          }
          expect(done).toBe(true);
        }
      } finally {
        harness.throttle(0);
      }
    });

    it('no secret appears in any exchange', () => {
      expect(recorded.length).toBeGreaterThan(20);
      const text = JSON.stringify(recorded);
      for (const secret of harness.secrets) expect(text).not.toContain(secret);
      // Authorization headers keep their scheme only.
      expect(text).not.toMatch(/"authorization":"(?!(?:Bearer |Basic )?\[REDACTED\]")/i);
      expect(text).not.toMatch(/"access_token":"(?!\[REDACTED\]")/);
    });
  });
}
