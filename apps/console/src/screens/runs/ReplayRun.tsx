import { Link } from 'react-router';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import type { Replay } from './use-run.js';

/**
 * The replay button and what came of it. The mutation is the screen's, so "Replay started" stays
 * while the operator follows the link to the new run.
 */
export function ReplayRun({ replay }: { replay: Replay }) {
  return (
    <>
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
    </>
  );
}
