import type { Ref } from 'react';

/** A save refused because the integration changed since it was opened (the hub answered 409). */
export function ConflictAlert({
  message,
  busy,
  onReload,
  ref,
}: {
  message: string;
  busy: boolean;
  onReload: () => void;
  ref: Ref<HTMLDivElement>;
}) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="alert alert-error">
      <strong>Someone changed this integration since you opened it.</strong>
      <p>
        Your changes were not saved, so nothing was overwritten. Reload the latest version (your edits on this
        page are replaced by it), then make your changes again.
      </p>
      <p className="muted">The hub said: {message}</p>
      <button type="button" onClick={onReload} disabled={busy}>
        Reload the latest version
      </button>
    </div>
  );
}
