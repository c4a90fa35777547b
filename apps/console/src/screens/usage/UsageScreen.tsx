import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { type FilterField, FilterForm } from '../../components/data/FilterForm.js';
import { useIntegrationOptions } from '../../components/data/integrations.js';
import { USAGE_EVENT_STATUSES } from '../../components/data/status.js';
import { formatUtc } from '../../components/data/time.js';
import { useUrlFilters } from '../../components/data/useUrlFilters.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { addDecimals } from './decimal.js';
import { UsageChart } from './UsageChart.js';
import { buildChartSeries, filterEvents, reportToRows, rowsToCsv, totalsByDimension } from './usage-data.js';
import './usage.css';

type EventsQuery = NonNullable<paths['/v1/usage-events']['get']['parameters']['query']>;
type EventsPage = paths['/v1/usage-events']['get']['responses'][200]['content']['application/json'];

const FILTER_KEYS = [
  'billId',
  'accountId',
  'resourceId',
  'dimension',
  'effectiveFrom',
  'effectiveTo',
  'integrationConfigId',
  'status',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The chart reads at most this many events (newest first). */
const MAX_EVENTS = 1000;

export default function UsageScreen() {
  const { filters, setFilters } = useUrlFilters(FILTER_KEYS);
  const integrationOptions = useIntegrationOptions();

  const report = useQuery({
    queryKey: ['usage-report', filters.billId, filters.accountId],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/usage-report', {
          params: {
            query: {
              ...(filters.billId ? { billId: filters.billId } : {}),
              ...(filters.accountId ? { accountId: filters.accountId } : {}),
            },
          },
        }),
      ),
  });

  const eventsQuery: EventsQuery = {
    pageSize: 200,
    ...(filters.billId ? { billId: filters.billId } : {}),
    ...(filters.accountId ? { accountId: filters.accountId } : {}),
    ...(filters.resourceId ? { resourceId: filters.resourceId } : {}),
    ...(filters.dimension ? { dimension: filters.dimension } : {}),
    ...(filters.effectiveFrom ? { effectiveFrom: filters.effectiveFrom } : {}),
    ...(filters.effectiveTo ? { effectiveTo: filters.effectiveTo } : {}),
    ...(filters.integrationConfigId ? { integrationConfigId: filters.integrationConfigId } : {}),
    ...(filters.status ? { status: filters.status as NonNullable<EventsQuery['status']> } : {}),
  };
  const events = useQuery({
    queryKey: ['usage-events', 'chart', eventsQuery],
    queryFn: async () => {
      const all: EventsPage['data'] = [];
      let nextToken: string | null = null;
      do {
        const query: EventsQuery = { ...eventsQuery, ...(nextToken ? { nextToken } : {}) };
        const page: EventsPage = unwrap(await api.GET('/v1/usage-events', { params: { query } }));
        all.push(...page.data);
        nextToken = page.nextToken;
      } while (nextToken && all.length < MAX_EVENTS);
      return { events: all, truncated: nextToken !== null };
    },
  });

  const rows = useMemo(
    () =>
      reportToRows(report.data?.data ?? [], {
        dimension: filters.dimension,
        from: filters.effectiveFrom,
        to: filters.effectiveTo,
      }),
    [report.data, filters.dimension, filters.effectiveFrom, filters.effectiveTo],
  );
  const totals = useMemo(() => totalsByDimension(rows), [rows]);
  const credits = useMemo(() => {
    const held = new Map<string, string>();
    for (const row of rows) {
      if (row.credit) held.set(row.dimension, addDecimals(held.get(row.dimension) ?? '0', row.credit));
    }
    return held;
  }, [rows]);
  const series = useMemo(
    () =>
      buildChartSeries(
        filterEvents(events.data?.events ?? [], {
          resourceId: filters.resourceId,
          dimension: filters.dimension,
          from: filters.effectiveFrom,
          to: filters.effectiveTo,
        }),
      ),
    [events.data, filters.resourceId, filters.dimension, filters.effectiveFrom, filters.effectiveTo],
  );

  const download = () => {
    const blob = new Blob([rowsToCsv(rows)], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `usage-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const fields: FilterField<FilterKey>[] = [
    { name: 'billId', label: 'Bill id' },
    { name: 'accountId', label: 'Account id' },
    { name: 'resourceId', label: 'Subscription (resource id)' },
    { name: 'dimension', label: 'Dimension' },
    { name: 'effectiveFrom', label: 'Period from', type: 'datetime' },
    { name: 'effectiveTo', label: 'Period before', type: 'datetime' },
    { name: 'integrationConfigId', label: 'Integration', type: 'select', options: integrationOptions },
    {
      name: 'status',
      label: 'Event status',
      type: 'select',
      options: USAGE_EVENT_STATUSES.map((s) => [s, s] as const),
    },
  ];

  return (
    <>
      <PageTitle>Usage</PageTitle>
      <p className="help">
        What the destinations accepted, per bill, dimension and hour (UTC), and the credits still held. The
        table follows bill, account, dimension and period; the chart follows every filter.
      </p>
      <FilterForm label="Filter usage" fields={fields} values={filters} onApply={setFilters} />

      <h2 id="usage-chart-heading">Usage over time</h2>
      <ErrorMessage error={events.error} title="The usage events could not be loaded" />
      {events.isPending ? (
        <Loading what="Loading usage events" />
      ) : events.data ? (
        <>
          <UsageChart series={series} credits={credits} />
          {series.notCharted > 0 && (
            <p className="muted">
              {series.notCharted} event(s) not charted: rejected, or waiting for an hour slot.
            </p>
          )}
          {events.data.truncated && (
            <p className="muted">Only the newest {MAX_EVENTS} events are charted; narrow the filters.</p>
          )}
        </>
      ) : null}

      <h2 id="usage-report-heading">Usage report</h2>
      <ErrorMessage error={report.error} title="The usage report could not be loaded" />
      {report.isPending ? (
        <Loading what="Loading the usage report" />
      ) : report.data ? (
        <>
          <div className="actions">
            <button type="button" onClick={download} disabled={rows.length === 0}>
              Download CSV
            </button>
            <span className="help">The table below, as a CSV file.</span>
          </div>
          {rows.length === 0 ? (
            <p>No accepted usage or credits match these filters.</p>
          ) : (
            <table aria-labelledby="usage-report-heading">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Bill</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Dimension</th>
                  <th scope="col">Hour</th>
                  <th scope="col" className="num">
                    Quantity accepted
                  </th>
                  <th scope="col" className="num">
                    Credit held
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    key={`${row.billId}|${row.externalSystem}|${row.dimension}|${row.effectiveStartTime}|${row.credit}`}
                    className={row.credit ? 'credit-row' : undefined}
                  >
                    <td>{row.accountId}</td>
                    <td>{row.billId}</td>
                    <td>{row.externalSystem}</td>
                    <td>{row.dimension}</td>
                    <td>{row.effectiveStartTime ? formatUtc(row.effectiveStartTime) : 'credit'}</td>
                    <td className="num">{row.quantity || '—'}</td>
                    <td className="num">{row.credit || '—'}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {[...totals].map(([dimension, total]) => (
                  <tr key={dimension}>
                    <th scope="row" colSpan={5}>
                      Total {dimension}
                    </th>
                    <td className="num">{total}</td>
                    <td className="num">{credits.get(dimension) ?? '—'}</td>
                  </tr>
                ))}
              </tfoot>
            </table>
          )}
        </>
      ) : null}
    </>
  );
}
