import { DroppedLineItems } from '../../components/data/DroppedLineItems.js';
import { gateStates, readRunDetail } from './run-detail.js';
import type { RunDetailResponse } from './types.js';

const GATE_BADGE = {
  passed: 'badge-ok',
  failed: 'badge-error',
  'not reached': 'badge-neutral',
  'not yet checked': 'badge-neutral',
} as const;

/** What the hub decided: the gates, missing mappings, the line items kept and dropped, the quantities. */
export function RunDecision({ run }: { run: RunDetailResponse }) {
  const detail = readRunDetail(run.detail);
  const gates = gateStates(run, detail);
  return (
    <section aria-labelledby="run-decision">
      <h2 id="run-decision">What the hub decided</h2>
      <h3>Gates</h3>
      <ol>
        {gates.map(({ gate, state }) => (
          <li key={gate.name}>
            {gate.name}: <span className={`badge ${GATE_BADGE[state]}`}>{state}</span>
          </li>
        ))}
      </ol>
      {detail.resourceId && (
        <p>
          Destination resource: <code>{detail.resourceId}</code>
        </p>
      )}
      {detail.missing.length > 0 && (
        <>
          <h3>Missing mappings</h3>
          <ul>
            {detail.missing.map((key) => (
              <li key={key.m3terEntity + key.m3terId}>
                {key.m3terEntity} <code>{key.m3terId}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Line items</h3>
      <p>
        Included:{' '}
        {detail.includedLineItemIds.length > 0 ? detail.includedLineItemIds.join(', ') : <span>none</span>}
      </p>
      {detail.excludedLineItems.length > 0 ? (
        <DroppedLineItems items={detail.excludedLineItems} label="Dropped line items" />
      ) : (
        <p>No line item was dropped.</p>
      )}
      <h3>Dimensions and quantities</h3>
      {detail.usage.length > 0 ? (
        <table aria-label="Dimensions and quantities">
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Target quantity
              </th>
              <th scope="col">Line items</th>
            </tr>
          </thead>
          <tbody>
            {detail.usage.map((usage) => (
              <tr key={usage.dimension}>
                <td>{usage.dimension}</td>
                <td className="num">{usage.amount}</td>
                <td className="num">{usage.target}</td>
                <td>{usage.lineItemIds.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No usage was planned.</p>
      )}
    </section>
  );
}
