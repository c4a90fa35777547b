import { ApiError } from '../api/client.js';

/** Shows what the hub said (code, message, and each named field), or the error's own message. */
export function ErrorMessage({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="alert alert-error">
      <strong>{title}</strong>
      <p>
        {message}
        {error instanceof ApiError && <span className="muted"> ({error.code})</span>}
      </p>
      {error instanceof ApiError && error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={detail.path + detail.message}>
              <code>{detail.path}</code>: {detail.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
