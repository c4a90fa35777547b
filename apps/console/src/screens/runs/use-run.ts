import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import { isRunInFlight, LIVE_INTERVAL_MS } from '../../components/data/status.js';

/** One run, polled while work on it is in flight. */
export function useRun(id: string) {
  return useQuery({
    queryKey: ['run', id],
    queryFn: async () => unwrap(await api.GET('/v1/integration-runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && isRunInFlight(q.state.data.status) ? LIVE_INTERVAL_MS : false),
  });
}

/** Replay a run: a new run for the same bill version, so the runs list is refreshed. */
export function useReplayRun(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/integration-runs/{id}/replay', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['runs'] }),
  });
}

export type Replay = ReturnType<typeof useReplayRun>;
