import { JsonDetails } from '../../components/data/JsonDetails.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { formatUtc } from '../../components/data/time.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import type { RunDetailResponse } from './types.js';
import { useRunUsageEvents } from './use-run-events.js';

/** What reached the destination for this bill: each usage event, its status, receipt or error. */
export function UsageEventsSection({ run, live }: { run: RunDetailResponse; live: boolean }) {
  const events = useRunUsageEvents(run, live);
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
