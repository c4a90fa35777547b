import { Loading } from '../../components/Loading.js';
import { PreviewCard } from './PreviewCard.js';
import type { Outcome } from './use-preview.js';

/** "Results": a card per integration previewed (busy while the hub answers). */
export function PreviewResults({
  headingId,
  outcomes,
  pending,
  nameOf,
}: {
  headingId: string;
  outcomes: Outcome[] | undefined;
  pending: boolean;
  nameOf: (integrationId: string) => string;
}) {
  return (
    <section aria-labelledby={headingId} aria-busy={pending}>
      <h2 id={headingId}>Results</h2>
      {!outcomes && !pending && <p className="muted">No preview yet.</p>}
      {pending && <Loading what="Previewing" />}
      {outcomes?.map((outcome) => (
        <PreviewCard key={outcome.integrationId} name={nameOf(outcome.integrationId)} outcome={outcome} />
      ))}
    </section>
  );
}
