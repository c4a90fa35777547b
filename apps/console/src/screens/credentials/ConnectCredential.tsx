import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { SelectField } from '../../components/forms/Field.js';
import type { Integration } from '../integrations/integrations-api.js';
import type { Credential } from './credentials-api.js';

/** Connect the credential to another integration of its destination (or change that one's credential). */
export function ConnectCredential({
  credential,
  connectable,
  allCredentials,
  destinationLabel,
  target,
  setTarget,
  connecting,
  onConnect,
}: {
  credential: Credential;
  connectable: Integration[];
  allCredentials: Credential[];
  destinationLabel: string;
  target: string;
  setTarget: (integrationId: string) => void;
  connecting: boolean;
  onConnect: (integrationId: string) => void;
}) {
  const nameOfCredential = (id: string | null) =>
    allCredentials.find((candidate) => candidate.id === id)?.name ?? id ?? '';
  const targetIntegration = connectable.find((integration) => integration.id === target);

  function submitConnect(event: FormEvent) {
    event.preventDefault();
    if (target) onConnect(target);
  }

  if (connectable.length === 0)
    return (
      <p className="muted">
        No other {destinationLabel} integration to connect.{' '}
        <Link to="/integrations/new">New integration</Link>
      </p>
    );
  return (
    <form className="inline-form" onSubmit={submitConnect} aria-label={`Connect ${credential.name}`}>
      <SelectField
        id={`connect-${credential.id}`}
        label="Connect to integration"
        value={target}
        onChange={setTarget}
        placeholder="Choose an integration…"
        options={connectable.map((integration) => ({
          value: integration.id,
          label: integration.credentialId
            ? `${integration.name} (change from ${nameOfCredential(integration.credentialId)})`
            : integration.name,
        }))}
      />
      <button type="submit" disabled={!target || connecting}>
        {targetIntegration?.credentialId ? 'Change credential' : 'Connect'}
      </button>
    </form>
  );
}
