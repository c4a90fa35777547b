/** Names of the emulated Microsoft routes, used for fault targeting and stats. */
export const EMULATOR_ROUTE_IDS = [
  'token',
  'openidConfiguration',
  'batchUsageEvent',
  'usageEvent',
  'usageEvents',
  'listSubscriptions',
  'getSubscription',
  'listAvailablePlans',
] as const;
export type EmulatorRouteId = (typeof EMULATOR_ROUTE_IDS)[number];

/** The marketplace API routes (everything under `/api`): where faults apply unless told otherwise. */
export const MARKETPLACE_API_ROUTE_IDS: readonly EmulatorRouteId[] = [
  'batchUsageEvent',
  'usageEvent',
  'usageEvents',
  'listSubscriptions',
  'getSubscription',
  'listAvailablePlans',
];
