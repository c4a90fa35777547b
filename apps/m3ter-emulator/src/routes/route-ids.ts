/** Names of the emulated m3ter routes, used for stats and fault targeting. */
export const EMULATOR_ROUTE_IDS = [
  'token',
  'listBills',
  'getBill',
  'listLineItems',
  'getAccount',
  'listEvents',
  'listExternalMappings',
] as const;
export type EmulatorRouteId = (typeof EMULATOR_ROUTE_IDS)[number];

/** The organization-scoped Config API routes: where faults apply unless told otherwise. */
export const CONFIG_API_ROUTE_IDS: readonly EmulatorRouteId[] = EMULATOR_ROUTE_IDS.filter(
  (route) => route !== 'token',
);
