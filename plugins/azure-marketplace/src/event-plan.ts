/**
 * The plan an Account mapping names in `metadata.planId` (optional): sent as the usage event's
 * `planId`. Without one, the hub asks the fulfillment API for the subscription's plan.
 */
export function azurePlanIdOf(metadata: Readonly<Record<string, unknown>> | null): string | null {
  const planId = metadata?.planId;
  return typeof planId === 'string' ? planId : null;
}
