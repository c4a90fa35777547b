import { Link, useParams } from 'react-router';
import { isRunInFlight } from '../../components/data/status.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ExchangesSection } from './ExchangesSection.js';
import { LedgerSection } from './LedgerSection.js';
import { OperatorEventsSection } from './OperatorEventsSection.js';
import { ReplayRun } from './ReplayRun.js';
import { RunDecision } from './RunDecision.js';
import { RunFacts } from './RunFacts.js';
import { UsageEventsSection } from './UsageEventsSection.js';
import { useReplayRun, useRun } from './use-run.js';
import './runs.css';

/** /runs/:id: one run of one bill, everything the hub decided and did about it, and a replay. */
export default function RunScreen() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const replay = useReplayRun(id);

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
      <ReplayRun replay={replay} />
      <RunDecision run={data} />
      <LedgerSection run={data} />
      <UsageEventsSection run={data} live={inFlight} />
      <OperatorEventsSection run={data} live={inFlight} />
      <ExchangesSection exchanges={data.exchanges} />
    </>
  );
}
