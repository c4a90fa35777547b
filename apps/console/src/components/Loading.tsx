/** A polite "loading" note: announced, not focus-stealing. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p role="status" className="muted">
      {what}…
    </p>
  );
}
