import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { type FilterField, FilterForm } from '../../components/data/FilterForm.js';
import { IntegrationName, useIntegrationOptions } from '../../components/data/integrations.js';
import { JsonDetails } from '../../components/data/JsonDetails.js';
import { Pager } from '../../components/data/Pager.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { formatUtc } from '../../components/data/time.js';
import { useUrlFilters } from '../../components/data/useUrlFilters.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';

type EventsQuery = NonNullable<paths['/v1/events']['get']['parameters']['query']>;

/** The names the hub records (http-api.md "Runs, usage, events"); the list shows any it sends. */
const EVENT_NAMES = [
  'integration.missingaccountmapping.error',
  'integration.authentication.error',
  'integration.perform.error',
  'integration.disabled.error',
  'integration.overreport.warning',
  'integration.late.warning',
  'integration.unclear.warning',
] as const;

const FILTER_KEYS = ['eventName', 'integrationConfigId'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export default function EventsScreen() {
  const { filters, pageToken, setFilters, setPageToken } = useUrlFilters(FILTER_KEYS);
  const integrationOptions = useIntegrationOptions();
  const query: EventsQuery = {
    pageSize: 50,
    ...(pageToken ? { nextToken: pageToken } : {}),
    ...(filters.eventName ? { eventName: filters.eventName } : {}),
    ...(filters.integrationConfigId ? { integrationConfigId: filters.integrationConfigId } : {}),
  };
  const events = useQuery({
    queryKey: ['events', query],
    queryFn: async () => unwrap(await api.GET('/v1/events', { params: { query } })),
    placeholderData: keepPreviousData,
  });

  const fields: FilterField<FilterKey>[] = [
    { name: 'eventName', label: 'Event', type: 'select', options: EVENT_NAMES.map((n) => [n, n] as const) },
    { name: 'integrationConfigId', label: 'Integration', type: 'select', options: integrationOptions },
  ];

  return (
    <>
      <PageTitle>Events</PageTitle>
      <p className="help">
        Warnings and errors the hub raised for the operator, newest first. Times are UTC.
      </p>
      <FilterForm label="Filter events" fields={fields} values={filters} onApply={setFilters} />
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void events.refetch()}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={events.error} title="The events could not be loaded" />
      {events.isPending ? (
        <Loading what="Loading events" />
      ) : events.data ? (
        events.data.data.length === 0 ? (
          <p>No events match these filters.</p>
        ) : (
          <table aria-label="Events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Integration</th>
                <th scope="col">Message</th>
                <th scope="col">Data</th>
              </tr>
            </thead>
            <tbody>
              {events.data.data.map((event) => (
                <tr key={event.id}>
                  <td>{formatUtc(event.eventTime)}</td>
                  <td>
                    <StatusBadge status={event.eventName} />
                  </td>
                  <td>
                    <IntegrationName id={event.integrationConfigId} />
                  </td>
                  <td>
                    {event.message}
                    {typeof event.data?.['runId'] === 'string' && (
                      <div>
                        <Link to={`/runs/${encodeURIComponent(event.data['runId'])}`}>Open the run</Link>
                      </div>
                    )}
                  </td>
                  <td>{event.data ? <JsonDetails summary="Data" value={event.data} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <Pager
        pageToken={pageToken}
        nextToken={events.data?.nextToken}
        onPage={setPageToken}
        label="Events pages"
      />
    </>
  );
}
