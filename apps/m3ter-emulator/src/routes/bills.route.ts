/**
 * `GET /bills` (filters, paging), `GET /bills/{id}` (line items inline up to the limit; the
 * version-change fault) and `GET /bills/{billId}/lineitems` (paged).
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import { sendExactJson } from '../http/exact-json-reply.js';
import { MESSAGES, sendM3terError } from '../http/m3ter-errors.js';
import { paginate, parsePageSize, QueryError } from '../http/paging.js';
import { asQuery, bool, isoDate, list, single } from '../http/query.js';
import { billBody, lineItemResponseBody } from '../m3ter/entity-responses.js';
import { type Bill, entityKey } from '../state/emulator-state.js';

export function registerBillRoutes(api: FastifyInstance, controller: EmulatorController): void {
  const inline = (bill: Bill) => bill.lineItems.length <= controller.lineItemsInlineLimit;

  api.get('/bills', { config: { m3terRoute: 'listBills' } }, async (request, reply) => {
    const { orgId } = request.params as { orgId: string };
    const query = asQuery(request.query);
    const pageSize = parsePageSize(single(query, 'pageSize'));
    const ids = list(query, 'ids');
    const accountId = single(query, 'accountId');
    const status = single(query, 'status');
    if (status !== undefined && status !== 'PENDING' && status !== 'APPROVED') {
      throw new QueryError(`status must be PENDING or APPROVED, got ${status}`);
    }
    const billDate = isoDate(query, 'billDate');
    const billDateStart = isoDate(query, 'billDateStart');
    const billDateEnd = isoDate(query, 'billDateEnd');
    const locked = bool(query, 'locked');
    const excludeLineItems = bool(query, 'excludeLineItems') ?? false;
    const includeBillTotal = bool(query, 'includeBillTotal') ?? false;

    const bills = [...controller.state.bills.values()]
      .filter(
        (bill) =>
          bill.orgId === orgId &&
          (ids === undefined || ids.includes(bill.id)) &&
          (accountId === undefined || bill.accountId === accountId) &&
          (status === undefined || bill.status === status) &&
          (billDate === undefined || bill.billDate === billDate) &&
          (billDateStart === undefined || bill.billDate >= billDateStart) &&
          (billDateEnd === undefined || bill.billDate < billDateEnd) &&
          (locked === undefined || bill.locked === locked),
      )
      .sort((a, b) => b.sequence - a.sequence);
    const page = paginate(bills, {
      pageSize,
      nextToken: single(query, 'nextToken'),
      keyOf: (bill) => bill.sequence,
      descending: true,
      scope: `bills:${orgId}`,
    });
    return sendExactJson(reply, 200, {
      data: page.data.map((bill) =>
        billBody(bill, { lineItems: !excludeLineItems && inline(bill), billTotal: includeBillTotal }),
      ),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  });

  api.get('/bills/:id', { config: { m3terRoute: 'getBill' } }, async (request, reply) => {
    const { orgId, id } = request.params as { orgId: string; id: string };
    let bill = controller.state.bills.get(entityKey(orgId, id));
    if (!bill) return sendM3terError(reply, 404, MESSAGES.notFound('Bill', id));
    if (controller.faultInjector.decideVersionChange()) {
      controller.state.stats.faultsInjected.versionChange++;
      controller.silentlyRegenerateBill(orgId, id);
      bill = controller.state.bills.get(entityKey(orgId, id)) as Bill;
    }
    return sendExactJson(reply, 200, billBody(bill, { lineItems: inline(bill), billTotal: true }));
  });

  api.get('/bills/:billId/lineitems', { config: { m3terRoute: 'listLineItems' } }, async (request, reply) => {
    const { orgId, billId } = request.params as { orgId: string; billId: string };
    const query = asQuery(request.query);
    const pageSize = parsePageSize(single(query, 'pageSize'));
    const bill = controller.state.bills.get(entityKey(orgId, billId));
    if (!bill) return sendM3terError(reply, 404, MESSAGES.notFound('Bill', billId));
    const page = paginate(bill.lineItems, {
      pageSize,
      nextToken: single(query, 'nextToken'),
      keyOf: (item) => item.sequenceNumber,
      descending: false,
      scope: `lineitems:${orgId}:${billId}`,
    });
    return sendExactJson(reply, 200, {
      data: page.data.map((item) => lineItemResponseBody(item, bill)),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  });
}
