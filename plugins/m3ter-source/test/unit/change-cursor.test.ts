import type { BillChange } from '@hub/core';
import { describe, expect, it } from 'vitest';
import {
  type ChangeLimits,
  changesAfter,
  decodeCursor,
  encodeCursor,
  initialCursor,
} from '../../src/change-cursor.js';
import { FakeEventStore } from '../support/event-store.js';

const T = (second: number, ms = 0) => new Date(Date.UTC(2026, 11, 1, 10, 0, second, ms)).toISOString();

async function start(store: FakeEventStore): Promise<string> {
  const initial = await initialCursor(store.fetch);
  if (!initial.ok) throw new Error(initial.message);
  return initial.cursor;
}

async function poll(store: FakeEventStore, cursor: string, limits?: ChangeLimits) {
  const state = decodeCursor(cursor);
  if (!state) throw new Error('bad cursor');
  const result = await changesAfter(state, store.fetch, limits);
  if (!result.ok) throw new Error(result.message);
  return result.page;
}

/** Polls until `more` is false; every change, in the order delivered. */
async function drain(store: FakeEventStore, cursor: string, limits?: ChangeLimits) {
  const all: BillChange[] = [];
  let current = cursor;
  for (let i = 0; i < 100; i += 1) {
    const page = await poll(store, current, limits);
    all.push(...page.changes);
    current = page.cursor;
    if (!page.more) return { changes: all, cursor: current };
  }
  throw new Error('never settled');
}

describe('change cursor', () => {
  it('null cursor: nothing old is returned; what follows comes once, oldest first', async () => {
    const store = new FakeEventStore();
    store.add('billing.bill.created', T(1), 'old-bill');
    const cursor = await start(store);
    const quiet = await poll(store, cursor);
    expect(quiet).toEqual({ changes: [], cursor, more: false });

    store.add('billing.bill.created', T(2), 'b1');
    store.add('billing.bill.updated', T(3), 'b1');
    store.add('billing.bill.updated', T(4), 'b1');
    store.add('billing.bill.deleted', T(5), 'b1');
    const page = await poll(store, cursor);
    expect(page.changes.map((c) => [c.kind, c.billId, c.at])).toEqual([
      ['CREATED', 'b1', T(2)],
      ['UPDATED', 'b1', T(3)],
      ['UPDATED', 'b1', T(4)],
      ['DELETED', 'b1', T(5)],
    ]);
    expect(page.more).toBe(false);
    const again = await poll(store, page.cursor);
    expect(again.changes).toEqual([]);
    expect(again.cursor).toBe(page.cursor);
  });

  it('an empty organization starts from the beginning of the list', async () => {
    const store = new FakeEventStore();
    const cursor = await start(store);
    store.add('billing.bill.created', T(1), 'b1');
    expect((await poll(store, cursor)).changes.map((c) => c.billId)).toEqual(['b1']);
  });

  it('equal timestamps: a later event at the same millisecond is new, the seen ones are not repeated', async () => {
    const store = new FakeEventStore(2);
    const cursor = await start(store);
    store.add('billing.bill.updated', T(7), 'b1', 'e1');
    const first = await poll(store, cursor);
    expect(first.changes.map((c) => c.changeId)).toEqual(['e1']);
    store.add('billing.bill.updated', T(7), 'b2', 'e2');
    store.add('billing.bill.updated', T(7), 'b3', 'e3');
    const second = await poll(store, first.cursor);
    expect(second.changes.map((c) => c.changeId)).toEqual(['e2', 'e3']);
    expect(decodeCursor(second.cursor)?.streams['billing.bill.updated']).toEqual({
      at: T(7),
      ids: ['e1', 'e2', 'e3'],
    });
    expect((await poll(store, second.cursor)).changes).toEqual([]);
  });

  it('pages newest first down to the cursor and caps a call at maxChanges (more: true, oldest first)', async () => {
    const store = new FakeEventStore(2);
    const cursor = await start(store);
    for (let i = 1; i <= 5; i += 1) store.add('billing.bill.updated', T(i), `b${i}`);
    store.add('billing.bill.created', T(3, 500), 'c1');
    const limits = { maxChanges: 4, maxPagesPerStream: 10 };
    const first = await poll(store, cursor, limits);
    expect(first.changes.map((c) => c.billId)).toEqual(['b1', 'b2', 'b3', 'c1']);
    expect(first.more).toBe(true);
    const second = await poll(store, first.cursor, limits);
    expect(second.changes.map((c) => c.billId)).toEqual(['b4', 'b5']);
    expect(second.more).toBe(false);
  });

  it('the cap cuts between events of one millisecond without losing or repeating any', async () => {
    const store = new FakeEventStore(2);
    const cursor = await start(store);
    for (const id of ['a', 'b', 'c', 'd']) store.add('billing.bill.updated', T(9), `bill-${id}`, id);
    const { changes } = await drain(store, cursor, { maxChanges: 3, maxPagesPerStream: 10 });
    expect(changes.map((c) => c.changeId)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('catch-up: a backlog beyond the page budget arrives in chunks, each event exactly once', async () => {
    const store = new FakeEventStore(2);
    const cursor = await start(store);
    for (let i = 1; i <= 9; i += 1) store.add('billing.bill.updated', T(i), `b${i}`);
    const limits = { maxChanges: 100, maxPagesPerStream: 2 };
    const first = await poll(store, cursor, limits);
    // The newest four (two pages), oldest first within the chunk.
    expect(first.changes.map((c) => c.billId)).toEqual(['b6', 'b7', 'b8', 'b9']);
    expect(first.more).toBe(true);
    expect(decodeCursor(first.cursor)?.streams['billing.bill.updated'].scan?.top.at).toBe(T(9));
    // Arriving during the catch-up: found by the steady scan afterwards.
    store.add('billing.bill.updated', T(20), 'late');
    const rest = await drain(store, first.cursor, limits);
    const all = [...first.changes, ...rest.changes].map((c) => c.billId);
    expect(all.sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9', 'late'].sort());
    expect(decodeCursor(rest.cursor)?.streams['billing.bill.updated'].scan).toBeUndefined();
    expect((await poll(store, rest.cursor, limits)).changes).toEqual([]);
  });

  it('catch-up over offset tokens: events inserted at the head may repeat one, never lose one', async () => {
    const store = new FakeEventStore(2);
    store.offsetTokens = true;
    const cursor = await start(store);
    for (let i = 1; i <= 9; i += 1) store.add('billing.bill.updated', T(i), `b${i}`);
    const limits = { maxChanges: 100, maxPagesPerStream: 2 };
    const first = await poll(store, cursor, limits);
    store.add('billing.bill.updated', T(20), 'late');
    const rest = await drain(store, first.cursor, limits);
    const seen = new Set([...first.changes, ...rest.changes].map((c) => c.billId));
    expect(seen.size).toBe(10);
  });

  it('a stored nextToken m3ter refuses restarts the scan: repeats possible, nothing lost', async () => {
    const store = new FakeEventStore(2);
    const cursor = await start(store);
    for (let i = 1; i <= 6; i += 1) store.add('billing.bill.created', T(i), `b${i}`);
    const limits = { maxChanges: 100, maxPagesPerStream: 1 };
    const first = await poll(store, cursor, limits);
    expect(first.changes.map((c) => c.billId)).toEqual(['b5', 'b6']);
    store.refuseTokens = true;
    const second = await poll(store, first.cursor, limits);
    // Restarted from the newest: the same two again, still in catch-up.
    expect(second.changes.map((c) => c.billId)).toEqual(['b5', 'b6']);
    store.refuseTokens = false;
    const rest = await drain(store, second.cursor, limits);
    const seen = new Set([...first.changes, ...second.changes, ...rest.changes].map((c) => c.billId));
    expect([...seen].sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
  });

  it('events without a bill id move the cursor but yield no change', async () => {
    const store = new FakeEventStore();
    const cursor = await start(store);
    const state = decodeCursor(cursor)!;
    const result = await changesAfter(state, async (name, token) => {
      if (name !== 'billing.bill.updated' || token !== null) return { ok: true, events: [], nextToken: null };
      return {
        ok: true,
        nextToken: null,
        events: [
          { id: 'x2', eventName: name, eventTime: T(2), m3terEvent: { eventData: {} } },
          { id: 'x1', eventName: name, eventTime: 'not a time', m3terEvent: {} },
          { id: 'x0', eventName: 'billing.billjob.updated', eventTime: T(1), m3terEvent: {} },
        ],
      };
    });
    expect(result.ok && result.page.changes).toEqual([]);
    expect(result.ok && decodeCursor(result.page.cursor)?.streams['billing.bill.updated']).toEqual({
      at: T(2),
      ids: ['x2'],
    });
  });

  it('a failed page fails the call and keeps the cursor', async () => {
    const store = new FakeEventStore();
    const cursor = await start(store);
    const result = await changesAfter(decodeCursor(cursor)!, async () => ({
      ok: false,
      code: 'RETRYABLE',
      message: 'm3ter answered 503',
      retryAfterMs: 1000,
    }));
    expect(result).toMatchObject({ ok: false, code: 'RETRYABLE', retryAfterMs: 1000 });
  });

  it('rejects text it did not write', () => {
    expect(decodeCursor('nope')).toBeNull();
    expect(decodeCursor('{"v":2}')).toBeNull();
    const state = {
      v: 1 as const,
      streams: {
        'billing.bill.created': { at: null, ids: [] },
        'billing.bill.updated': { at: T(1), ids: ['e'] },
        'billing.bill.deleted': { at: null, ids: [] },
      },
    };
    expect(decodeCursor(encodeCursor(state))).toEqual(state);
  });
});
