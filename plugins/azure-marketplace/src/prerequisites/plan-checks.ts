import {
  type CheckResult,
  type DimensionTarget,
  fail,
  isDecimalText,
  Money,
  nameSome,
  pass,
  skip,
} from '@hub/core';
import type { AzureAvailablePlans } from '../azure-responses.js';

/**
 * Azure's plan and price checks over `listAvailablePlans`: every dimension the integration
 * reports to exists in each subscription's plan, priced at the integration's `unitPrice` in its
 * `currency`, with nothing included in the base price. Pure: the caller fetches the plans.
 */

export type AvailablePlan = AzureAvailablePlans['plans'][number];
type MeteringDimension = NonNullable<
  NonNullable<AvailablePlan['planComponents']>['meteringDimensions']
>[number];

/** What one subscription's plan looks like, as far as metering is concerned. */
export interface SubscriptionPlan {
  subscriptionId: string;
  planId: string;
  /** The plan from listAvailablePlans; null when the plan list could not be read or lacks the plan. */
  plan: AvailablePlan | null;
  /** Why `plan` is null. */
  problem?: string;
}

interface PlanGroup {
  planId: string;
  subscriptionIds: string[];
  dimensions: MeteringDimension[];
  /** Units included in the base price, by dimension id (decimal text or Microsoft's word). */
  included: Map<string, string>;
}

/** Hints for the Entra codes an operator meets while setting up, keyed by AADSTS code. */
const AADSTS_HINTS: Record<string, string> = {
  AADSTS7000215:
    'the client secret is wrong or expired: add a new one under the app registration’s Certificates & secrets, then create a new credential with it',
  AADSTS7000222:
    'the client secret has expired: add a new one under the app registration’s Certificates & secrets, then create a new credential with it',
  AADSTS700016:
    'no application with this client id exists in the tenant: use the Application (client) ID from the offer’s Technical configuration',
  AADSTS90002:
    'the tenant was not found: use the Directory (tenant) ID from the offer’s Technical configuration',
  AADSTS900023: 'the tenant id is malformed: use the Directory (tenant) ID, a GUID',
};

export function azureTokenHint(code: string): string | null {
  return AADSTS_HINTS[code] ?? null;
}

/** Decimal text of a JSON value read losslessly (string, number, or a lossless number token). */
function decimalText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { value?: unknown }).value === 'string'
  ) {
    return (value as { value: string }).value;
  }
  return null;
}

/** `planComponents.recurrentBillingTerms[].meteredQuantityIncluded[]`: units included in the base price. */
function includedUnits(plan: AvailablePlan): Map<string, string> {
  const included = new Map<string, string>();
  const terms = (plan.planComponents as { recurrentBillingTerms?: unknown } | null | undefined)
    ?.recurrentBillingTerms;
  if (!Array.isArray(terms)) return included;
  for (const term of terms) {
    const items = (term as { meteredQuantityIncluded?: unknown } | null)?.meteredQuantityIncluded;
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const { dimensionId, units } = (item ?? {}) as { dimensionId?: unknown; units?: unknown };
      const text = decimalText(units);
      if (typeof dimensionId !== 'string' || text === null || text === '') continue;
      const zero = isDecimalText(text) && new Money(text).isZero();
      if (!zero) included.set(dimensionId, text);
    }
  }
  return included;
}

/** Subscriptions on the same plan with the same dimensions are reported once. */
function groupPlans(plans: readonly SubscriptionPlan[]): PlanGroup[] {
  const groups = new Map<string, PlanGroup>();
  for (const entry of plans) {
    if (!entry.plan) continue;
    const dimensions = entry.plan.planComponents?.meteringDimensions ?? [];
    const included = includedUnits(entry.plan);
    const key = JSON.stringify([entry.planId, dimensions, [...included]]);
    const group = groups.get(key);
    if (group) group.subscriptionIds.push(entry.subscriptionId);
    else
      groups.set(key, {
        planId: entry.planId,
        subscriptionIds: [entry.subscriptionId],
        dimensions,
        included,
      });
  }
  return [...groups.values()];
}

const onSubscriptions = (ids: readonly string[]) =>
  ids.length === 1 ? `subscription ${ids[0]}` : `subscriptions ${nameSome(ids, 3)}`;

/** Every dimension the integration reports to exists in the plan of every Subscribed subscription. */
export function planDimensionsCheck(
  targets: readonly DimensionTarget[],
  plans: readonly SubscriptionPlan[],
): CheckResult {
  const name = 'planDimensions';
  const unreadable = plans.filter((entry) => !entry.plan);
  const groups = groupPlans(plans);
  const problems: string[] = unreadable.map(
    (entry) =>
      `plan ${entry.planId} of subscription ${entry.subscriptionId}: ${entry.problem ?? 'not available'}`,
  );
  const report = groups.map((group) => {
    const ids = new Set(group.dimensions.map((dimension) => dimension.id));
    const missing = targets.filter((target) => !ids.has(target.dimension));
    for (const target of missing) {
      problems.push(
        `plan ${group.planId} (${onSubscriptions(group.subscriptionIds)}) has no dimension ${target.dimension} ` +
          `(from ${target.sources.join(', ')})`,
      );
    }
    return {
      planId: group.planId,
      subscriptionIds: group.subscriptionIds,
      planDimensions: [...ids],
      missing: missing.map((target) => target.dimension),
    };
  });
  const details = { dimensions: targets.map((target) => target.dimension), plans: report };
  if (problems.length > 0) {
    return fail(
      name,
      `${problems.join('; ')}. Azure refuses usage for a dimension the subscription's plan lacks (InvalidDimension): ` +
        `add the dimension to the plan in Partner Center (Plan overview → Pricing and availability → Marketplace ` +
        `Metering Service dimensions), or correct the mapping`,
      { ...details, unreadable: unreadable.map((entry) => entry.subscriptionId) },
    );
  }
  const planIds = [...new Set(groups.map((group) => group.planId))];
  return pass(
    name,
    `${planIds.length === 1 ? `plan ${planIds[0]} has` : `plans ${nameSome(planIds)} have`} every dimension this ` +
      `integration reports to: ${nameSome(targets.map((target) => target.dimension))}`,
    details,
  );
}

/**
 * Every such dimension is priced at exactly `unitPrice` (compared as decimals: 0.010 equals 0.01)
 * in the integration's currency, and includes nothing in the base price.
 */
export function dimensionPricesCheck(
  targets: readonly DimensionTarget[],
  plans: readonly SubscriptionPlan[],
  config: { unitPrice: string; currency: string },
): CheckResult {
  const name = 'dimensionPrices';
  const unitPrice = new Money(config.unitPrice);
  const currency = config.currency.toUpperCase();
  const wanted = new Set(targets.map((target) => target.dimension));
  const problems: string[] = [];
  const report = groupPlans(plans).map((group) => {
    const where = `of plan ${group.planId} (${onSubscriptions(group.subscriptionIds)})`;
    const dimensions = group.dimensions
      .filter((dimension) => wanted.has(dimension.id))
      .map((dimension) => {
        const issues: string[] = [];
        const price = dimension.pricePerUnit ?? null;
        const priced = price !== null && isDecimalText(price) ? new Money(price) : null;
        const its = `dimension ${dimension.id} ${where}`;
        if (!priced) {
          issues.push(`${its} has no readable price (${JSON.stringify(price)})`);
        } else if (!priced.eq(unitPrice)) {
          const effect = priced.isZero()
            ? 'customers would not be billed at all'
            : `customers would be billed ${priced.div(unitPrice).toSignificantDigits(6).toString()}× what the billing platform priced`;
          issues.push(
            `${its} is priced ${price} ${dimension.currency ?? ''} per unit, but the integration reports quantities ` +
              `at unitPrice ${config.unitPrice} ${currency}: ${effect}`.replace(/\s+/g, ' '),
          );
        }
        const theirs = dimension.currency?.trim().toUpperCase() || null;
        if (theirs && theirs !== currency) {
          issues.push(`${its} is priced in ${theirs}, but the integration's currency is ${currency}`);
        }
        const included = group.included.get(dimension.id);
        if (included !== undefined) {
          issues.push(
            `${its} includes ${included} units in the plan's base price: Microsoft bills only usage above that, ` +
              `so customers would be under-billed; set the included quantity to 0`,
          );
        }
        problems.push(...issues);
        return {
          id: dimension.id,
          pricePerUnit: price,
          currency: dimension.currency ?? null,
          includedUnits: included ?? '0',
          ok: issues.length === 0,
        };
      });
    return { planId: group.planId, subscriptionIds: group.subscriptionIds, dimensions };
  });
  const details = { unitPrice: config.unitPrice, currency, plans: report };
  if (problems.length > 0) {
    return fail(
      name,
      `${problems.join('; ')}. Every dimension the hub reports to must be priced at the integration's unitPrice ` +
        `(${config.unitPrice} ${currency} per unit) in Partner Center, or change unitPrice to match`,
      details,
    );
  }
  const checked = report.flatMap((plan) => plan.dimensions.map((dimension) => dimension.id));
  if (checked.length === 0) {
    return skip(name, 'no dimension of a readable plan to compare (see planDimensions)', details);
  }
  return pass(
    name,
    `${[...new Set(checked)].length === 1 ? `dimension ${checked[0]} is` : `dimensions ${nameSome([...new Set(checked)])} are`} ` +
      `priced at ${config.unitPrice} ${currency} per unit, as unitPrice says`,
    details,
  );
}
