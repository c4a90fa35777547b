import { Link } from 'react-router';
import { IntegrationName } from '../../components/data/integrations.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { formatUtc } from '../../components/data/time.js';
import type { RunDetailResponse } from './types.js';

/** The run at a glance: status and why, its integration and bill, what triggered it, when. */
export function RunFacts({ run }: { run: RunDetailResponse }) {
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
