import type { UsageEvent } from '@hub/core';

export const RESOURCE_ID = 'fdc778a6-1281-40e4-cade-4a5fc11f5440';

let sequence = 0;

export function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    id: `ev-${++sequence}`,
    resourceId: RESOURCE_ID,
    dimension: 'datasourcecharge',
    quantity: '9',
    effectiveStartTime: '2021-12-14T01:00:00.000Z',
    planId: 'free_monthly_yearly',
    ...overrides,
  };
}
