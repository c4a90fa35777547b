import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { type FilterField, FilterForm } from '../../components/data/FilterForm.js';
import { IntegrationName, useIntegrationOptions } from '../../components/data/integrations.js';
import { Pager } from '../../components/data/Pager.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { isRunInFlight, LIVE_INTERVAL_MS, RUN_STATUSES } from '../../components/data/status.js';
import { formatUtc } from '../../components/data/time.js';
import { useUrlFilters } from '../../components/data/useUrlFilters.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import type { RunsQuery } from './types.js';

const FILTER_KEYS = [
  'status',
  'entityId',
  'integrationConfigId',
  'accountId',
  'createdFrom',
  'createdTo',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export default function RunsScreen() {
  const { filters, pageToken, setFilters, setPageToken } = useUrlFilters(FILTER_KEYS);
  const integrationOptions = useIntegrationOptions();

  const query: RunsQuery = {
    pageSize: 50,
    ...(pageToken ? { nextToken: pageToken } : {}),
    ...(filters.status ? { status: filters.status as NonNullable<RunsQuery['status']> } : {}),
    ...(filters.entityId ? { entityType: 'Bill' as const, entityId: filters.entityId } : {}),
    ...(filters.integrationConfigId ? { integrationConfigId: filters.integrationConfigId } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.createdFrom ? { createdFrom: filters.createdFrom } : {}),
    ...(filters.createdTo ? { createdTo: filters.createdTo } : {}),
  };

  const runs = useQuery({
    queryKey: ['runs', query],
    queryFn: async () => unwrap(await api.GET('/v1/integration-runs', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      q.state.data?.data.some((run) => isRunInFlight(run.status)) ? LIVE_INTERVAL_MS : false,
  });
  const live = runs.data?.data.some((run) => isRunInFlight(run.status)) ?? false;

  const fields: FilterField<FilterKey>[] = [
    { name: 'status', label: 'Status', type: 'select', options: RUN_STATUSES.map((s) => [s, s] as const) },
    { name: 'entityId', label: 'Bill id' },
    { name: 'integrationConfigId', label: 'Integration', type: 'select', options: integrationOptions },
    { name: 'accountId', label: 'Account id' },
    { name: 'createdFrom', label: 'Created from', type: 'datetime' },
    { name: 'createdTo', label: 'Created before', type: 'datetime' },
  ];

  return (
    <>
      <PageTitle>Runs</PageTitle>
      <p className="help">
        One run per bill version and integration: what the hub decided and sent. Newest first. Times are UTC.
      </p>
      <FilterForm label="Filter runs" fields={fields} values={filters} onApply={setFilters} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void runs.refetch()}>
          Refresh
        </button>
        <p role="status" className="muted">
          {live ? 'Work in flight: this list updates every 2 seconds.' : ''}
        </p>
      </div>
      <ErrorMessage error={runs.error} title="The runs could not be loaded" />
      {runs.isPending ? (
        <Loading what="Loading runs" />
      ) : runs.data ? (
        runs.data.data.length === 0 ? (
          <p>No runs match these filters.</p>
        ) : (
          <table aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Bill</th>
                <th scope="col">Integration</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Trigger</th>
                <th scope="col">Completed</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.data.map((run) => (
                <tr key={run.id} data-run-id={run.id}>
                  <td>
                    <Link to={`/runs/${encodeURIComponent(run.id)}`}>{formatUtc(run.dtCreated)}</Link>
                  </td>
                  <td>
                    {run.entityId} <span className="muted">v{run.billVersion}</span>
                  </td>
                  <td>
                    <IntegrationName id={run.integrationConfigId} />
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td>
                    {run.reason && <code>{run.reason}</code>}
                    {run.error?.message && <div className="muted">{run.error.message}</div>}
                  </td>
                  <td>{run.trigger}</td>
                  <td>{formatUtc(run.dtCompleted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <Pager
        pageToken={pageToken}
        nextToken={runs.data?.nextToken}
        onPage={setPageToken}
        label="Runs pages"
      />
    </>
  );
}
