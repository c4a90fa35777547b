/**
 * Times: the API speaks ISO-8601 UTC; a `datetime-local` input speaks the operator's local time
 * without a zone. URLs keep the API's form, so a link means the same instant for everyone.
 */

/** `2026-03-01T10:30` (local) → `2026-03-01T09:30:00.000Z`; '' or nonsense → ''. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO → the `datetime-local` value for the same instant in local time; '' or nonsense → ''. */
export function isoToLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A readable UTC time, `2026-03-01 09:30:05 UTC` (the hub's clock is UTC; hour slots are UTC). */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Milliseconds between two ISO times, or null when either is missing. */
export function durationBetween(
  from: string | null | undefined,
  to: string | null | undefined,
): number | null {
  if (!from || !to) return null;
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Number.isNaN(ms) ? null : ms;
}
