import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonLossless } from '../json/lossless-json.js';
import { ZAccount } from '../model/account.js';
import { ZBill } from '../model/bill.js';
import { ZExternalMappingBody } from '../model/external-mapping.js';
import type {
  BillChange,
  BillListPage,
  BillSource,
  BillSourceClient,
  MappingPage,
  SourceAnswer,
  SourceClientContext,
} from '../source/bill-source.js';

/**
 * What a source plugin provides so the contract suite can run against a real (or emulated)
 * billing platform. Every bill and account the suite creates is its own (fresh ids).
 */
export interface SourceContractEnvironment<TCredential, TSettings> {
  /** A credential and settings the platform accepts. */
  context: SourceClientContext<TCredential, TSettings>;
  /** A well-formed credential the platform refuses. */
  badCredentialContext: SourceClientContext<TCredential, TSettings>;
  /** Creates an account at the platform; its id. */
  createAccount(): Promise<string>;
  /** Creates a bill for `accountId` at the platform (billed on `billDate`, `YYYY-MM-DD`); its id. */
  createBill(accountId: string, billDate: string): Promise<string>;
  /** Changes a bill at the platform so that its version goes up (an approval, a regeneration). */
  updateBill(billId: string): Promise<void>;
  deleteBill(billId: string): Promise<void>;
  /** Creates an external mapping for `externalSystem` at the platform. */
  createExternalMapping(externalSystem: string, accountId: string): Promise<void>;
  /** A bill id the platform does not know. */
  unknownBillId: string;
  /** The secret values, which must never appear in an exchange. */
  secrets: string[];
  teardown(): Promise<void>;
}

export interface SourceContractOptions<
  TCredential extends Record<string, unknown>,
  TSettings extends Record<string, unknown>,
> {
  source: BillSource<TCredential, TSettings>;
  setup(): Promise<SourceContractEnvironment<TCredential, TSettings>>;
}

/** The answer's value, failing the test with the source's words when there is none. */
function answered<T>(answer: SourceAnswer<T>): T {
  if (!answer.ok) throw new Error(`the source answered ${answer.code}: ${answer.message}`);
  return answer.value;
}

/** Every change after `cursor` (following `more`), and the cursor after them. */
async function drain(
  client: BillSourceClient,
  cursor: string,
): Promise<{ changes: BillChange[]; cursor: string }> {
  const changes: BillChange[] = [];
  let at = cursor;
  for (let page = 0; page < 100; page++) {
    const next = answered(await client.listChanges(at));
    changes.push(...next.changes);
    at = next.cursor;
    if (!next.more) return { changes, cursor: at };
  }
  throw new Error('listChanges kept answering more: true');
}

/**
 * The contract every bill source must pass. Call it from a plugin's test file:
 *
 * ```ts
 * describeBillSourceContract({ source: m3terSource, setup: async () => ({ ... }) });
 * ```
 */
export function describeBillSourceContract<
  TCredential extends Record<string, unknown>,
  TSettings extends Record<string, unknown>,
>(options: SourceContractOptions<TCredential, TSettings>): void {
  const { source } = options;

  describe(`BillSource contract: ${source.id}`, () => {
    it('has a stable upper-snake id, a display name, and secret fields its credential schema has', () => {
      expect(source.id).toMatch(/^[A-Z][A-Z0-9_]{1,63}$/);
      expect(source.displayName.trim()).not.toBe('');
      expect(source.credential.schema.safeParse({}).success).toBe(false);
      expect(source.credential.secretFields.length).toBeGreaterThan(0);
      if (source.credential.schema instanceof z.ZodObject) {
        const keys = Object.keys(source.credential.schema.shape);
        for (const field of source.credential.secretFields) expect(keys).toContain(field);
      }
    });

    let env: SourceContractEnvironment<TCredential, TSettings>;
    let client: BillSourceClient;
    let badClient: BillSourceClient;
    const exchanges: unknown[] = [];
    const keep = <T>(answer: SourceAnswer<T>): SourceAnswer<T> => {
      exchanges.push(answer.exchanges);
      return answer;
    };
    const today = () => env.context.now().toISOString().slice(0, 10);

    beforeAll(async () => {
      env = await options.setup();
      client = source.createClient(env.context);
      badClient = source.createClient(env.badCredentialContext);
    });
    afterAll(async () => {
      await client?.close();
      await badClient?.close();
      await env?.teardown();
    });

    it('verifies a good credential, and refuses a bad one with a code and words', async () => {
      expect(await client.verifyCredential()).toEqual({ ok: true });
      const bad = await badClient.verifyCredential();
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(bad.error.code.trim()).not.toBe('');
        expect(bad.error.message.trim()).not.toBe('');
      }
      const refused = keep(await badClient.fetchBill(env.unknownBillId));
      expect(refused).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    });

    it('fetches a bill with its line items (a hub bill), and null for one that does not exist', async () => {
      const accountId = await env.createAccount();
      const billId = await env.createBill(accountId, today());
      const bill = ZBill.parse(
        parseJsonLossless(JSON.stringify(answered(keep(await client.fetchBill(billId))))),
      );
      expect(bill.id).toBe(billId);
      expect(bill.accountId).toBe(accountId);
      expect(bill.lineItems.length).toBeGreaterThan(0);
      expect(answered(keep(await client.fetchBill(env.unknownBillId)))).toBeNull();
    });

    it('fetches an account (a hub account), and null for one that does not exist', async () => {
      const accountId = await env.createAccount();
      const account = ZAccount.parse(answered(keep(await client.fetchAccount(accountId))));
      expect(account.id).toBe(accountId);
      expect(answered(keep(await client.fetchAccount(`${accountId}-missing`)))).toBeNull();
    });

    it('reports each change after a cursor once, in order: created, updated, deleted', async () => {
      const start = answered(keep(await client.listChanges(null)));
      expect(start.changes).toEqual([]);
      const accountId = await env.createAccount();
      const billId = await env.createBill(accountId, today());
      const afterCreate = await drain(client, start.cursor);
      expect(afterCreate.changes.filter((c) => c.billId === billId).map((c) => c.kind)).toEqual(['CREATED']);

      await env.updateBill(billId);
      await env.deleteBill(billId);
      const later = await drain(client, afterCreate.cursor);
      expect(later.changes.filter((c) => c.billId === billId).map((c) => c.kind)).toEqual([
        'UPDATED',
        'DELETED',
      ]);
      for (const change of later.changes) {
        expect(change.changeId.trim()).not.toBe('');
        expect(Number.isNaN(Date.parse(change.at))).toBe(false);
      }
      // the cursor after the last change: nothing more, however often it is asked
      expect((await drain(client, later.cursor)).changes).toEqual([]);
      expect((await drain(client, later.cursor)).changes).toEqual([]);
    });

    it('lists bills by bill date for a backfill, across pages', async () => {
      const accountId = await env.createAccount();
      const billId = await env.createBill(accountId, today());
      const end = new Date(env.context.now().getTime() + 86_400_000).toISOString().slice(0, 10);
      const ids: string[] = [];
      let token: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const listed: BillListPage = answered(
          keep(await client.listBills({ billDateStart: today(), billDateEnd: end }, token)),
        );
        ids.push(...listed.billIds);
        token = listed.nextPageToken;
        if (token === null) break;
      }
      expect(ids).toContain(billId);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('lists external mappings of the systems asked for, in the hub shape', async () => {
      const accountId = await env.createAccount();
      await env.createExternalMapping('ContractTestMarketplace', accountId);
      const found: unknown[] = [];
      let token: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const listed: MappingPage = answered(
          keep(await client.listExternalMappings(['ContractTestMarketplace'], token)),
        );
        found.push(...listed.mappings);
        token = listed.nextPageToken;
        if (token === null) break;
      }
      const parsed = found.map((mapping) => ZExternalMappingBody.parse(mapping));
      expect(
        parsed.some((m) => m.m3terId === accountId && m.externalSystem === 'ContractTestMarketplace'),
      ).toBe(true);
      expect(parsed.every((m) => m.externalSystem === 'ContractTestMarketplace')).toBe(true);
    });

    it('never puts a secret in an exchange', () => {
      const text = JSON.stringify(exchanges);
      expect(exchanges.length).toBeGreaterThan(0);
      for (const secret of env.secrets) expect(text).not.toContain(secret);
    });
  });
}
