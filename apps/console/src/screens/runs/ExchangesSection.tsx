import { JsonDetails } from '../../components/data/JsonDetails.js';
import { formatUtc } from '../../components/data/time.js';
import type { Exchange } from './types.js';

/** Every request the run made of the destination, and the answer. */
export function ExchangesSection({ exchanges }: { exchanges: Exchange[] }) {
  return (
    <section aria-labelledby="run-exchanges">
      <h2 id="run-exchanges">Exchanges with the destination</h2>
      <p className="help">Every request and response, as recorded (secrets redacted).</p>
      {exchanges.length === 0 ? (
        <p>No exchanges recorded for this run.</p>
      ) : (
        <table aria-label="Exchanges">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Request</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Bodies</th>
            </tr>
          </thead>
          <tbody>
            {exchanges.map((exchange) => (
              <tr key={exchange.id}>
                <td>{formatUtc(exchange.startedAt)}</td>
                <td>
                  <code>{exchange.method}</code> <span className="exchange-url">{exchange.url}</span>
                  {exchange.requestId && <div className="muted">request id {exchange.requestId}</div>}
                  {exchange.correlationId && (
                    <div className="muted">correlation id {exchange.correlationId}</div>
                  )}
                </td>
                <td>
                  {exchange.status ?? '—'}
                  {exchange.error && <div className="field-error">{exchange.error}</div>}
                </td>
                <td className="num">{exchange.durationMs} ms</td>
                <td>
                  <JsonDetails summary="Request body" value={exchange.requestBody} />
                  <JsonDetails summary="Response body" value={exchange.responseBody} />
                  <JsonDetails
                    summary="Headers"
                    value={{ request: exchange.requestHeaders, response: exchange.responseHeaders }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
