import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { LIVE_INTERVAL_MS } from '../../components/data/status.js';
import type { RunDetailResponse } from './types.js';

/** The usage events carrying the run's bill for its integration (polled while the run is live). */
export function useRunUsageEvents(run: RunDetailResponse, live: boolean) {
  return useQuery({
    queryKey: ['usage-events', 'run', run.integrationConfigId, run.entityId],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/usage-events', {
          params: {
            query: { billId: run.entityId, integrationConfigId: run.integrationConfigId, pageSize: 200 },
          },
        }),
      ),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
}

/**
 * The integration's operator events (polled while the run is live); `raisedFor` picks this run's.
 * The API filters events by integration, not by run, so the run is found in each event's data.
 */
export function useRunOperatorEvents(run: RunDetailResponse, live: boolean) {
  return useQuery({
    queryKey: ['events', 'run', run.integrationConfigId, run.id],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/events', {
          params: { query: { integrationConfigId: run.integrationConfigId, pageSize: 200 } },
        }),
      ),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
}

type OperatorEvent = NonNullable<ReturnType<typeof useRunOperatorEvents>['data']>['data'][number];

/** The events whose data names the run (as `runId`, or among `runIds`). */
export function raisedFor(events: readonly OperatorEvent[], runId: string): OperatorEvent[] {
  return events.filter((event) => {
    const runIds = event.data?.['runIds'];
    return event.data?.['runId'] === runId || (Array.isArray(runIds) && runIds.includes(runId));
  });
}
