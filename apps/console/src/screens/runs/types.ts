import type { paths } from '../../api/hub-api.js';

type RunsGet = paths['/v1/integration-runs']['get'];
export type RunsQuery = NonNullable<RunsGet['parameters']['query']>;
export type RunsPage = RunsGet['responses'][200]['content']['application/json'];
export type RunSummary = RunsPage['data'][number];
export type RunDetailResponse =
  paths['/v1/integration-runs/{id}']['get']['responses'][200]['content']['application/json'];
export type Exchange = RunDetailResponse['exchanges'][number];
export type UsageEntry = RunDetailResponse['usage'][number];
