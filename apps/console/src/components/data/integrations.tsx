import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.js';

/** The org's integrations (first 200), for names in tables and integration pickers. */
export function useIntegrations() {
  return useQuery({
    queryKey: ['integrations', 'all'],
    queryFn: async () => unwrap(await api.GET('/v1/integrations', { params: { query: { pageSize: 200 } } })),
    staleTime: 30_000,
  });
}

/** [id, name] pairs for a select. */
export function useIntegrationOptions(): (readonly [string, string])[] {
  const { data } = useIntegrations();
  return (data?.data ?? []).map((integration) => [integration.id, integration.name] as const);
}

/** An integration's name as the API gives it, linked to its page; the id while names load. */
export function IntegrationName({ id }: { id: string | null | undefined }) {
  const { data } = useIntegrations();
  if (!id) return <span className="muted">—</span>;
  const integration = data?.data.find((item) => item.id === id);
  return <Link to={`/integrations/${encodeURIComponent(id)}`}>{integration?.name ?? id}</Link>;
}
