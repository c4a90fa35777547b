import { badgeTone } from './status.js';

/** A status as the API says it, coloured by what it means (ok / in flight or warning / error). */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="badge badge-neutral">—</span>;
  return <span className={`badge badge-${badgeTone(status)}`}>{status}</span>;
}
