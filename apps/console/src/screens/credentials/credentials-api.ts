import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';

export type Credential =
  paths['/v1/integration-credentials']['get']['responses'][200]['content']['application/json']['data'][number];
export type Verification =
  paths['/v1/integration-credentials/{id}/verify']['post']['responses'][200]['content']['application/json'];

export const credentialsQuery = {
  queryKey: ['credentials'],
  queryFn: async () => {
    const all: Credential[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = unwrap(
        await api.GET('/v1/integration-credentials', { params: { query: { pageSize: 200, nextToken } } }),
      );
      all.push(...result.data);
      if (!result.nextToken) break;
      nextToken = result.nextToken;
    }
    return all;
  },
} as const;
