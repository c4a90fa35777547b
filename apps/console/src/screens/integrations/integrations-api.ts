import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';

// Light on purpose (no @hub/core): the credentials and mappings screens use these too.

export type Integration =
  paths['/v1/integrations/{id}']['get']['responses'][200]['content']['application/json'];
export type IntegrationBody = paths['/v1/integrations']['post']['requestBody']['content']['application/json'];
export type SavedIntegration =
  paths['/v1/integrations']['post']['responses'][201]['content']['application/json'];

/** `lastRun` is being added to integration responses; read it when the hub sends it. */
export interface LastRun {
  id: string;
  status: string;
  dtCreated: string;
}
export function lastRunOf(integration: object): LastRun | null {
  const value = (integration as { lastRun?: LastRun | null }).lastRun;
  return value && typeof value === 'object' && typeof value.id === 'string' ? value : null;
}

export const integrationsQuery = {
  queryKey: ['integrations'],
  queryFn: async () => {
    const all: Integration[] = [];
    let nextToken: string | undefined;
    // Every page (200 at a time): operators have tens of integrations, not thousands.
    for (let page = 0; page < 50; page++) {
      const result = unwrap(
        await api.GET('/v1/integrations', { params: { query: { pageSize: 200, nextToken } } }),
      );
      all.push(...result.data);
      if (!result.nextToken) break;
      nextToken = result.nextToken;
    }
    return all;
  },
} as const;

export function useIntegrations() {
  return useQuery(integrationsQuery);
}

export const integrationQuery = (id: string) => ({
  queryKey: ['integrations', id],
  queryFn: async () => unwrap(await api.GET('/v1/integrations/{id}', { params: { path: { id } } })),
});
