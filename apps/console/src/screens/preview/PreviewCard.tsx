import { useId } from 'react';
import { DroppedLineItems } from '../../components/data/DroppedLineItems.js';
import { StatusBadge } from '../../components/data/StatusBadge.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import type { Outcome } from './use-preview.js';

/** One integration's preview: its outcome and reason, the line items kept and dropped, what it would send. */
export function PreviewCard({ name, outcome }: { name: string; outcome: Outcome }) {
  const headingId = useId();
  const { result, error } = outcome;
  return (
    <section aria-labelledby={headingId} className="preview-card">
      <h3 id={headingId}>
        {name} {result && <StatusBadge status={result.outcome} />}
      </h3>
      {error !== undefined && <ErrorMessage error={error} title="The preview was refused" />}
      {result && (
        <>
          {result.reason && (
            <p>
              Reason: <code>{result.reason}</code> {result.message}
            </p>
          )}
          {result.resourceId && (
            <p>
              Destination resource: <code>{result.resourceId}</code>
            </p>
          )}
          {result.missing && result.missing.length > 0 && (
            <p>
              Missing mappings: {result.missing.map((key) => `${key.m3terEntity} ${key.m3terId}`).join(', ')}
            </p>
          )}
          <p>
            Included line items:{' '}
            {result.includedLineItemIds.length > 0 ? result.includedLineItemIds.join(', ') : 'none'}
          </p>
          {result.excludedLineItems.length > 0 && (
            <DroppedLineItems items={result.excludedLineItems} label={`Dropped line items for ${name}`} />
          )}
          {result.usage.length > 0 ? (
            <table aria-label={`What would be sent for ${name}`}>
              <thead>
                <tr>
                  <th scope="col">Resource</th>
                  <th scope="col">Dimension</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Target
                  </th>
                  <th scope="col" className="num">
                    Already reported
                  </th>
                  <th scope="col" className="num">
                    Delta
                  </th>
                  <th scope="col" className="num">
                    Credit available / used / added
                  </th>
                  <th scope="col" className="num">
                    Quantity sent now
                  </th>
                  <th scope="col">Line items</th>
                </tr>
              </thead>
              <tbody>
                {result.usage.map((usage) => (
                  <tr key={`${usage.resourceId}|${usage.dimension}`}>
                    <td>
                      <code>{usage.resourceId}</code>
                    </td>
                    <td>{usage.dimension}</td>
                    <td className="num">{usage.amount}</td>
                    <td className="num">{usage.target}</td>
                    <td className="num">{usage.alreadyReported}</td>
                    <td className="num">{usage.delta}</td>
                    <td className="num">
                      {usage.creditAvailable} / {usage.creditUsed} / {usage.creditAdded}
                    </td>
                    <td className="num">{usage.quantity}</td>
                    <td>{usage.lineItemIds.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Nothing would be sent.</p>
          )}
        </>
      )}
    </section>
  );
}
