import type { useIntegrations } from '../../components/data/integrations.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Loading } from '../../components/Loading.js';

/** The integrations to preview the bill for, one checkbox each. */
export function IntegrationPicker({
  errorId,
  integrations,
  selected,
  onToggle,
  problem,
}: {
  errorId: string;
  integrations: ReturnType<typeof useIntegrations>;
  selected: string[];
  onToggle: (id: string, on: boolean) => void;
  problem: string;
}) {
  return (
    <fieldset aria-describedby={errorId}>
      <legend>Integrations</legend>
      {integrations.isPending && <Loading what="Loading integrations" />}
      <ErrorMessage error={integrations.error} title="The integrations could not be loaded" />
      {integrations.data?.data.length === 0 && <p>No integrations yet.</p>}
      {integrations.data?.data.map((integration) => (
        <label className="checkbox" key={integration.id}>
          <input
            type="checkbox"
            checked={selected.includes(integration.id)}
            onChange={(event) => onToggle(integration.id, event.target.checked)}
          />
          <span>
            {integration.name} <span className="muted">({integration.destination})</span>
          </span>
        </label>
      ))}
      <div id={errorId}>{problem && <p className="field-error">{problem}</p>}</div>
    </fieldset>
  );
}
