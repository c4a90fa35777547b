import type { Ref } from 'react';
import type { Detail } from '../../components/forms/issues.js';

/** How many fields need attention, and the errors no field on the form shows (listed by path). */
export function ErrorSummary({
  errorCount,
  otherErrors,
  ref,
}: {
  errorCount: number;
  otherErrors: Detail[];
  ref: Ref<HTMLDivElement>;
}) {
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="alert alert-error">
      <strong>
        {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} attention before saving.
      </strong>
      {otherErrors.length > 0 && (
        <ul>
          {otherErrors.map((detail) => (
            <li key={detail.path + detail.message}>
              <code>{detail.path}</code>: {detail.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
