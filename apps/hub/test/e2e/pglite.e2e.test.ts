import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/**
 * The embedded path operators get from `npm start` without DATABASE_URL: PGlite under HUB_DATA_DIR,
 * migrated at start, with the api and worker roles in one process.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ database: 'pglite' });
});
afterAll(async () => e2e?.close());

describe('on PGlite', () => {
  it('runs the pipeline: bills land once, a regeneration sends the delta, split and credit work', async () => {
    expect(e2e.hub.app).not.toBeNull();
    expect(e2e.databaseUrl).toBeNull();
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      dimensionMappings: [
        { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
        { m3terEntity: 'Product', m3terId: 'p2', dimension: 'dim-b' },
      ],
    });
    const id = newBillId('pglite');
    const v1 = await t.postBill(
      bill(id, 1, [line('l1', 1.25, { productId: 'p1' }), line('l2', '2.00', { productId: 'p2' })]),
    );
    expect((await t.waitForRun(v1.runId)).status).toBe('COMPLETE');
    const v2 = await t.postBill(
      bill(id, 2, [line('l1', '1.75', { productId: 'p1' }), line('l2', '1.50', { productId: 'p2' })]),
    );
    const run = await t.waitForRun(v2.runId);
    expect(run.status).toBe('COMPLETE');
    expect(run.usage).toMatchObject([{ dimension: 'dim-a', quantity: '50' }]);
    expect(t.totals()).toEqual({ 'dim-a': '175', 'dim-b': '200' });
    expect(await t.events('integration.overreport.warning')).toHaveLength(1);

    // several bills at once share the single embedded connection
    const many = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        t.postBill(bill(newBillId('pglite'), 1, [line('l1', `${n}.00`, { productId: 'p2' })])),
      ),
    );
    for (const posted of many) expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    // 1500 owed, 50 of it covered by the credit from version 2
    expect(t.totals()).toEqual({ 'dim-a': '175', 'dim-b': '1650' });
  });
});
