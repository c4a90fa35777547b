import { Link } from 'react-router';
import type { Destination } from '../../components/forms/destinations.js';
import type { Integration } from '../integrations/integrations-api.js';
import type { Credential } from './credentials-api.js';

/** What is known of a credential: its non-secret fields, which secrets it holds, what it is connected to. */
export function CredentialFacts({
  credential,
  destination,
  destinationLabel,
  connected,
  disconnecting,
  onDisconnect,
}: {
  credential: Credential;
  destination: Destination | undefined;
  destinationLabel: string;
  connected: Integration[];
  disconnecting: boolean;
  onDisconnect: (integrationId: string) => void;
}) {
  // The non-secret fields the hub returns, labelled as the destination labels them.
  const fields = (destination?.credential.fields ?? []).filter((field) => !field.secret);
  const secretFields = (destination?.credential.fields ?? []).filter((field) => field.secret);

  return (
    <dl className="facts">
      <dt>Destination</dt>
      <dd>{destinationLabel}</dd>
      {fields.map((field) => (
        <div key={field.name} style={{ display: 'contents' }}>
          <dt>{field.label}</dt>
          <dd>
            <code>{String(credential[field.name] ?? '')}</code>
          </dd>
        </div>
      ))}
      {secretFields.map((field) => (
        <div key={field.name} style={{ display: 'contents' }}>
          <dt>{field.label}</dt>
          <dd className="muted">stored, never shown</dd>
        </div>
      ))}
      <dt>Created</dt>
      <dd>{new Date(credential.dtCreated).toLocaleString()}</dd>
      <dt>Connected to</dt>
      <dd>
        {connected.length === 0 ? (
          <span className="muted">no integration</span>
        ) : (
          <ul className="plain-list">
            {connected.map((integration) => (
              <li key={integration.id}>
                <Link to={`/integrations/${integration.id}`}>{integration.name}</Link>{' '}
                <button
                  type="button"
                  className="secondary"
                  disabled={disconnecting}
                  onClick={() => onDisconnect(integration.id)}
                >
                  Disconnect<span className="visually-hidden"> {integration.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}
