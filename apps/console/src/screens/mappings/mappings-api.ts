import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import type { M3terEntity } from './mapping-csv.js';

export type Mapping =
  paths['/v1/external-mappings']['get']['responses'][200]['content']['application/json']['data'][number];
type MappingQuery = NonNullable<paths['/v1/external-mappings']['get']['parameters']['query']>;

/** Every mapping of the integration and entity chosen ('' for any), all pages of them. */
export function mappingsQuery(integrationConfigId: string, m3terEntity: string) {
  return {
    queryKey: ['external-mappings', { integrationConfigId, m3terEntity }],
    queryFn: async () => {
      const all: Mapping[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 100; page++) {
        const query: MappingQuery = { pageSize: 200, nextToken };
        if (integrationConfigId) query.integrationConfigId = integrationConfigId;
        if (m3terEntity) query.m3terEntity = m3terEntity as M3terEntity;
        const result = unwrap(await api.GET('/v1/external-mappings', { params: { query } }));
        all.push(...result.data);
        if (!result.nextToken) break;
        nextToken = result.nextToken;
      }
      return all;
    },
  };
}
