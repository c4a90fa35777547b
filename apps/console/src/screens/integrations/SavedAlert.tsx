import type { Ref } from 'react';
import { Link } from 'react-router';
import type { SavedNotice } from './use-integration-form.js';

/** What the hub said to the last save: done, and what it warns is still missing. */
export function SavedAlert({
  saved,
  integrationId,
  ref,
}: {
  saved: SavedNotice;
  integrationId: string | undefined;
  ref: Ref<HTMLDivElement>;
}) {
  return (
    <div ref={ref} tabIndex={-1} role="status" className="alert alert-ok">
      <strong>{saved.created ? 'Integration created.' : 'Integration saved.'}</strong>
      {saved.warnings.length > 0 ? (
        <div className="alert alert-warning">
          <p>The hub kept the save, and warns:</p>
          <ul>
            {saved.warnings.map((warning) => (
              <li key={warning.name + warning.message}>
                <strong>{warning.name}</strong>: {warning.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>The hub found nothing missing.</p>
      )}
      {integrationId && (
        <p>
          <Link to={`/integrations/${integrationId}/check`}>Run the prerequisite check</Link>
          {' · '}
          <Link to="/integrations">Back to integrations</Link>
        </p>
      )}
    </div>
  );
}
