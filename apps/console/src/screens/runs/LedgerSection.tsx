import { StatusBadge } from '../../components/data/StatusBadge.js';
import type { RunDetailResponse } from './types.js';

/** The run's usage entries: per resource and dimension, what was owed after earlier reports and credits. */
export function LedgerSection({ run }: { run: RunDetailResponse }) {
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
