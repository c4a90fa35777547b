import { StatusBadge } from '../../components/data/StatusBadge.js';
import { formatUtc } from '../../components/data/time.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';
import type { RunDetailResponse } from './types.js';
import { raisedFor, useRunOperatorEvents } from './use-run-events.js';

/** The warnings and errors the hub raised about this run (events whose data names it). */
export function OperatorEventsSection({ run, live }: { run: RunDetailResponse; live: boolean }) {
  const events = useRunOperatorEvents(run, live);
  const mine = raisedFor(events.data?.data ?? [], run.id);
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
