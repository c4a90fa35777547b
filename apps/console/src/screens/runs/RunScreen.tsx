import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { IntegrationName } from '../../components/data/integrations.js';
import { JsonDetails } from '../../components/data/JsonDetails.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { isRunInFlight, LIVE_INTERVAL_MS } from '../../components/data/status.js';
import { formatUtc } from '../../components/data/time.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { gateStates, readRunDetail } from './run-detail.js';
import type { Exchange, RunDetailResponse } from './types.js';
import './runs.css';

export default function RunScreen() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: async () => unwrap(await api.GET('/v1/integration-runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && isRunInFlight(q.state.data.status) ? LIVE_INTERVAL_MS : false),
  });
  const replay = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/integration-runs/{id}/replay', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['runs'] }),
  });

  if (run.isPending) {
    return (
      <>
        <PageTitle>Run</PageTitle>
        <Loading what="Loading the run" />
      </>
    );
  }
  if (run.isError) {
    return (
      <>
        <PageTitle>Run</PageTitle>
        <ErrorMessage error={run.error} title="The run could not be loaded" />
        <p>
          <Link to="/runs">All runs</Link>
        </p>
      </>
    );
  }
  const data = run.data;
  const inFlight = isRunInFlight(data.status);

  return (
    <>
      <PageTitle title={`Run of bill ${data.entityId}`}>
        Run of bill {data.entityId} <span className="muted">v{data.billVersion}</span>
      </PageTitle>
      <p>
        <Link to="/runs">All runs</Link> ·{' '}
        <Link to={`/runs?entityId=${encodeURIComponent(data.entityId)}`}>Runs of this bill</Link> ·{' '}
        <Link to={`/usage?billId=${encodeURIComponent(data.entityId)}`}>Usage of this bill</Link>
      </p>
      <p role="status" className="muted">
        {inFlight ? 'Work in flight: this page updates every 2 seconds.' : ''}
      </p>
      <RunFacts run={data} />
      <div className="actions">
        <button type="button" onClick={() => replay.mutate()} disabled={replay.isPending}>
          {replay.isPending ? 'Replaying…' : 'Replay this run'}
        </button>
        <span className="help">
          A new run for the same bill version; the ledger sends only what is still owed.
        </span>
      </div>
      <div aria-live="polite">
        {replay.isSuccess && (
          <div className="alert alert-ok">
            Replay started:{' '}
            <Link to={`/runs/${encodeURIComponent(replay.data.id)}`}>run {replay.data.id}</Link>{' '}
            <StatusBadge status={replay.data.status} />
          </div>
        )}
      </div>
      <ErrorMessage error={replay.error} title="The replay was refused" />
      <RunDecision run={data} />
      <LedgerSection run={data} />
      <UsageEventsSection run={data} live={inFlight} />
      <OperatorEventsSection run={data} live={inFlight} />
      <ExchangesSection exchanges={data.exchanges} />
    </>
  );
}

function RunFacts({ run }: { run: RunDetailResponse }) {
  return (
    <dl className="facts">
      <dt>Status</dt>
      <dd>
        <StatusBadge status={run.status} />
      </dd>
      <dt>Reason</dt>
      <dd>{run.reason ? <code>{run.reason}</code> : '—'}</dd>
      {run.error && (
        <>
          <dt>Error</dt>
          <dd>
            <code>{run.error.code}</code> {run.error.message}
          </dd>
        </>
      )}
      <dt>Integration</dt>
      <dd>
        <IntegrationName id={run.integrationConfigId} />
      </dd>
      <dt>Bill</dt>
      <dd>
        {run.entityType} {run.entityId}, version {run.billVersion}
      </dd>
      <dt>Trigger</dt>
      <dd>
        {run.trigger}
        {run.replayOf && (
          <>
            {' '}
            of <Link to={`/runs/${encodeURIComponent(run.replayOf)}`}>run {run.replayOf}</Link>
          </>
        )}
      </dd>
      <dt>Created</dt>
      <dd>{formatUtc(run.dtCreated)}</dd>
      <dt>Started</dt>
      <dd>{formatUtc(run.dtStarted)}</dd>
      <dt>Completed</dt>
      <dd>{formatUtc(run.dtCompleted)}</dd>
      <dt>Run id</dt>
      <dd>
        <code>{run.id}</code>
      </dd>
    </dl>
  );
}

const GATE_BADGE = {
  passed: 'badge-ok',
  failed: 'badge-error',
  'not reached': 'badge-neutral',
  'not yet checked': 'badge-neutral',
} as const;

function RunDecision({ run }: { run: RunDetailResponse }) {
  const detail = readRunDetail(run.detail);
  const gates = gateStates(run, detail);
  return (
    <section aria-labelledby="run-decision">
      <h2 id="run-decision">What the hub decided</h2>
      <h3>Gates</h3>
      <ol>
        {gates.map(({ gate, state }) => (
          <li key={gate.name}>
            {gate.name}: <span className={`badge ${GATE_BADGE[state]}`}>{state}</span>
          </li>
        ))}
      </ol>
      {detail.resourceId && (
        <p>
          Destination resource: <code>{detail.resourceId}</code>
        </p>
      )}
      {detail.missing.length > 0 && (
        <>
          <h3>Missing mappings</h3>
          <ul>
            {detail.missing.map((key) => (
              <li key={key.m3terEntity + key.m3terId}>
                {key.m3terEntity} <code>{key.m3terId}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Line items</h3>
      <p>
        Included:{' '}
        {detail.includedLineItemIds.length > 0 ? detail.includedLineItemIds.join(', ') : <span>none</span>}
      </p>
      {detail.excludedLineItems.length > 0 ? (
        <table aria-label="Dropped line items">
          <thead>
            <tr>
              <th scope="col">Dropped line item</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {detail.excludedLineItems.map((item) => (
              <tr key={item.id}>
                <td>{item.id}</td>
                <td>
                  <code>{item.reason}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No line item was dropped.</p>
      )}
      <h3>Dimensions and quantities</h3>
      {detail.usage.length > 0 ? (
        <table aria-label="Dimensions and quantities">
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Target quantity
              </th>
              <th scope="col">Line items</th>
            </tr>
          </thead>
          <tbody>
            {detail.usage.map((usage) => (
              <tr key={usage.dimension}>
                <td>{usage.dimension}</td>
                <td className="num">{usage.amount}</td>
                <td className="num">{usage.target}</td>
                <td>{usage.lineItemIds.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No usage was planned.</p>
      )}
    </section>
  );
}

function LedgerSection({ run }: { run: RunDetailResponse }) {
  return (
    <section aria-labelledby="run-ledger">
      <h2 id="run-ledger">Ledger: what is owed</h2>
      <p className="help">
        Target minus what earlier versions reported is the delta; credits cover over-reports.
      </p>
      {run.usage.length === 0 ? (
        <p>This run created no usage entries.</p>
      ) : (
        <table aria-label="Ledger entries">
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Dimension</th>
              <th scope="col">Plan</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Target
              </th>
              <th scope="col" className="num">
                Reported before
              </th>
              <th scope="col" className="num">
                Credit used
              </th>
              <th scope="col" className="num">
                Credit added
              </th>
              <th scope="col" className="num">
                Quantity owed
              </th>
              <th scope="col">Status</th>
              <th scope="col">Receipt</th>
            </tr>
          </thead>
          <tbody>
            {run.usage.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <code>{entry.resourceId}</code>
                </td>
                <td>{entry.dimension}</td>
                <td>{entry.planId ?? '—'}</td>
                <td className="num">{entry.amount}</td>
                <td className="num">{entry.target}</td>
                <td className="num">{entry.reportedBefore}</td>
                <td className="num">{entry.creditUsed}</td>
                <td className="num">{entry.creditAdded}</td>
                <td className="num">{entry.quantity}</td>
                <td>
                  <StatusBadge status={entry.status} />
                </td>
                <td>{entry.usageEventId ? <code>{entry.usageEventId}</code> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function UsageEventsSection({ run, live }: { run: RunDetailResponse; live: boolean }) {
  const events = useQuery({
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
  return (
    <section aria-labelledby="run-events">
      <h2 id="run-events">Usage events of this bill and their outcomes</h2>
      <ErrorMessage error={events.error} title="The usage events could not be loaded" />
      {events.isPending ? (
        <Loading what="Loading usage events" />
      ) : events.data && events.data.data.length > 0 ? (
        <table aria-label="Usage events">
          <thead>
            <tr>
              <th scope="col">Hour (effective start)</th>
              <th scope="col">Resource</th>
              <th scope="col">Dimension</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Receipt or error</th>
            </tr>
          </thead>
          <tbody>
            {events.data.data.map((event) => (
              <tr key={event.id}>
                <td>{formatUtc(event.effectiveStartTime)}</td>
                <td>
                  <code>{event.resourceId}</code>
                </td>
                <td>{event.dimension}</td>
                <td className="num">{event.quantity}</td>
                <td>
                  <StatusBadge status={event.status} />
                </td>
                <td className="num">{event.attempts}</td>
                <td>
                  {event.usageEventId && <code>{event.usageEventId}</code>}
                  {event.error != null && <JsonDetails summary="Error" value={event.error} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No usage events carry this bill for this integration.</p>
      )}
    </section>
  );
}

function ExchangesSection({ exchanges }: { exchanges: Exchange[] }) {
  return (
    <section aria-labelledby="run-exchanges">
      <h2 id="run-exchanges">Exchanges with the destination</h2>
      <p className="help">Every request and response, as recorded (secrets redacted).</p>
      {exchanges.length === 0 ? (
        <p>No exchanges recorded for this run.</p>
      ) : (
        <table aria-label="Exchanges">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Bodies</th>
            </tr>
          </thead>
          <tbody>
            {exchanges.map((exchange) => (
              <tr key={exchange.id}>
                <td>{formatUtc(exchange.startedAt)}</td>
                <td>
                  <code>{exchange.method}</code> <span className="exchange-url">{exchange.url}</span>
                  {exchange.requestId && <div className="muted">request id {exchange.requestId}</div>}
                  {exchange.correlationId && (
                    <div className="muted">correlation id {exchange.correlationId}</div>
                  )}
                </td>
                <td>
                  {exchange.status ?? '—'}
                  {exchange.error && <div className="field-error">{exchange.error}</div>}
                </td>
                <td className="num">{exchange.durationMs} ms</td>
                <td>
                  <JsonDetails summary="Request body" value={exchange.requestBody} />
                  <JsonDetails summary="Response body" value={exchange.responseBody} />
                  <JsonDetails
                    summary="Headers"
                    value={{ request: exchange.requestHeaders, response: exchange.responseHeaders }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The warnings and errors the hub raised about this run (events whose data names it). */
function OperatorEventsSection({ run, live }: { run: RunDetailResponse; live: boolean }) {
  const events = useQuery({
    queryKey: ['events', 'run', run.integrationConfigId, run.id],
    queryFn: async () =>
      unwrap(
        await api.GET('/v1/events', {
          params: { query: { integrationConfigId: run.integrationConfigId, pageSize: 200 } },
        }),
      ),
    refetchInterval: live ? LIVE_INTERVAL_MS : false,
  });
  const mine = (events.data?.data ?? []).filter((event) => {
    const runIds = event.data?.['runIds'];
    return event.data?.['runId'] === run.id || (Array.isArray(runIds) && runIds.includes(run.id));
  });
  return (
    <section aria-labelledby="run-operator-events">
      <h2 id="run-operator-events">Warnings and errors raised</h2>
      <ErrorMessage error={events.error} title="The events could not be loaded" />
      {events.isPending ? (
        <Loading what="Loading events" />
      ) : mine.length === 0 ? (
        <p>No warning or error was raised for this run.</p>
      ) : (
        <ul>
          {mine.map((event) => (
            <li key={event.id}>
              {formatUtc(event.eventTime)} <StatusBadge status={event.eventName} /> {event.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
