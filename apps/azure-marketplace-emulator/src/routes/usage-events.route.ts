/**
 * `GET /api/usageEvents`: the reconciliation read-back. Microsoft returns a JSON array of rows that
 * aggregate accepted usage per resource, dimension and UTC day (`usageDate` at 00:00Z,
 * `submittedCount` = events). Rows here are also split by planId because each row names one plan.
 * Like Microsoft's, a row has no hour and no `usageEventId`: a client cannot see single events.
 * Fault injection reaches it like any `/api` route (route id `usageEvents`), and
 * `readBackLagSeconds` models a read-back that trails the metering API.
 */

import { exactNumber } from '@hub/emulator-kit';
import type { FastifyInstance } from 'fastify';
import { tokenMayAccess } from '../auth/token-store.js';
import { addDecimals } from '../decimal/decimal-string.js';
import type { EmulatorController } from '../emulator-controller.js';
import { queryParam, sendExactJson } from '../http/json-body.js';
import { badArgument } from '../marketplace/error-bodies.js';
import type { MarketplaceSubscription } from '../state/emulator-state.js';
import { findSubscription } from '../state/seed-operations.js';
import { floorToUtcDay, formatUtcSeconds, parseUtcTime } from '../time/utc-time.js';
import { authorizeMarketplaceCall } from './marketplace-access.js';

/** The docs' list; the OpenAPI enum lacks the last two. */
const RECON_STATUSES = ['Submitted', 'Accepted', 'Rejected', 'Mismatch', 'TestHeaders', 'DryRun'] as const;

/**
 * Usage of test subscriptions never reaches Partner Center analytics; the docs mark such rows
 * `TestHeaders` / `DryRun`. Everything else is shown as reconciled (`Accepted`).
 */
function reconStatusOf(subscription: MarketplaceSubscription): (typeof RECON_STATUSES)[number] {
  if (subscription.sessionMode === 'DryRun') return 'DryRun';
  if (subscription.isTest) return 'TestHeaders';
  return 'Accepted';
}

interface UsageRow {
  usageDate: Date;
  subscription: MarketplaceSubscription;
  resourceId: string;
  dimension: string;
  planId: string;
  quantity: string;
  count: number;
}

export function registerUsageEventsRoute(api: FastifyInstance, controller: EmulatorController): void {
  api.get('/usageEvents', { config: { emulatorRoute: 'usageEvents' } }, async (request, reply) => {
    const token = authorizeMarketplaceCall(controller, request, reply);
    if (!token) return reply;
    const query = request.query;
    const invalid = (target: string, message: string) =>
      sendExactJson(reply, 400, badArgument([{ target, message }], 'usageEventsRequest'));

    const startText = queryParam(query, 'usageStartDate');
    if (!startText) return invalid('usageStartDate', 'The usageStartDate is required.');
    const start = parseUtcTime(startText);
    if (!start)
      return invalid('usageStartDate', 'The usageStartDate value provided is not a valid date-time.');
    // The docs spell it `UsageEndDate`; accept both spellings.
    const endText = queryParam(query, 'usageEndDate') ?? queryParam(query, 'UsageEndDate');
    const end = endText === undefined ? controller.now() : parseUtcTime(endText);
    if (!end) return invalid('usageEndDate', 'The usageEndDate value provided is not a valid date-time.');
    const reconStatus = queryParam(query, 'reconStatus');
    if (reconStatus !== undefined && !(RECON_STATUSES as readonly string[]).includes(reconStatus)) {
      return invalid('reconStatus', `The reconStatus must be one of ${RECON_STATUSES.join(', ')}.`);
    }
    const offerId = queryParam(query, 'offerId');
    const planId = queryParam(query, 'planId');
    const dimension = queryParam(query, 'dimension');
    const azureSubscriptionId = queryParam(query, 'azureSubscriptionId')?.toLowerCase();

    const firstDay = floorToUtcDay(start).getTime();
    // Fault injection: a read-back that has not caught up with the last `readBackLagSeconds`.
    const faults = controller.faults();
    const lagMs = faults.routes.includes('usageEvents') ? faults.readBackLagSeconds * 1000 : 0;
    const visibleUntil = controller.now().getTime() - lagMs;
    const rows = new Map<string, UsageRow>();
    for (const event of controller.state.events) {
      if (lagMs > 0 && (parseUtcTime(event.messageTime)?.getTime() ?? 0) > visibleUntil) continue;
      const subscription = findSubscription(controller.state, event.resourceId);
      if (!subscription || !tokenMayAccess(token, subscription)) continue;
      const day = floorToUtcDay(new Date(event.effectiveHour));
      // A day is in range when it overlaps [start, end].
      if (day.getTime() < firstDay || day.getTime() > end.getTime()) continue;
      if (offerId !== undefined && subscription.offerId !== offerId) continue;
      if (planId !== undefined && event.planId !== planId) continue;
      if (dimension !== undefined && event.dimension !== dimension) continue;
      if (
        azureSubscriptionId !== undefined &&
        subscription.azureSubscriptionId.toLowerCase() !== azureSubscriptionId
      ) {
        continue;
      }
      if (reconStatus !== undefined && reconStatusOf(subscription) !== reconStatus) continue;
      const key = [event.resourceId.toLowerCase(), event.planId, event.dimension, day.toISOString()].join(
        '\u0000',
      );
      const row = rows.get(key);
      if (row) {
        row.quantity = addDecimals(row.quantity, event.quantity);
        row.count++;
      } else {
        rows.set(key, {
          usageDate: day,
          subscription,
          resourceId: event.resourceId,
          dimension: event.dimension,
          planId: event.planId,
          quantity: event.quantity,
          count: 1,
        });
      }
    }

    const body = [...rows.values()]
      .sort(
        (a, b) =>
          a.usageDate.getTime() - b.usageDate.getTime() ||
          a.resourceId.localeCompare(b.resourceId) ||
          a.dimension.localeCompare(b.dimension) ||
          a.planId.localeCompare(b.planId),
      )
      .map((row) => {
        const status = reconStatusOf(row.subscription);
        const plan = row.subscription.plans.find((candidate) => candidate.planId === row.planId);
        return {
          usageDate: formatUtcSeconds(row.usageDate),
          usageResourceId: row.resourceId,
          dimension: row.dimension,
          planId: row.planId,
          planName: plan?.displayName ?? '',
          offerId: row.subscription.offerId,
          offerName: row.subscription.offerName,
          offerType: 'SaaS',
          azureSubscriptionId: row.subscription.azureSubscriptionId,
          reconStatus: status,
          submittedQuantity: exactNumber(row.quantity),
          processedQuantity: exactNumber(status === 'Accepted' ? row.quantity : '0'),
          submittedCount: row.count,
        };
      });
    return sendExactJson(reply, 200, body);
  });
}
