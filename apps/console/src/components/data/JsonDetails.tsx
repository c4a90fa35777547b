import type { ReactNode } from 'react';
import './data.css';

/** Pretty JSON of a value (strings shown as they are). */
export function toPrettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** A collapsed JSON value: the summary is keyboard-operable (<details> is native). */
export function JsonDetails({
  summary,
  value,
  open,
}: {
  summary: ReactNode;
  value: unknown;
  open?: boolean;
}) {
  const empty = value === null || value === undefined || value === '';
  return (
    <details open={open} className="json-details">
      <summary>{summary}</summary>
      {empty ? <p className="muted">(empty)</p> : <pre>{toPrettyJson(value)}</pre>}
    </details>
  );
}
