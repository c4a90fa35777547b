import { useRef } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import type { Destination } from '../../components/forms/destinations.js';
import type { Integration } from '../integrations/integrations-api.js';
import { ConnectCredential } from './ConnectCredential.js';
import { CredentialFacts } from './CredentialFacts.js';
import type { Credential } from './credentials-api.js';
import { DeleteCredentialDialog } from './DeleteCredentialDialog.js';
import { useCredentialActions } from './use-credential-actions.js';
import { VerificationResult } from './VerificationResult.js';

/** One credential: its facts, Verify and Delete, and the integrations it is (or can be) connected to. */
export function CredentialCard({
  credential,
  destination,
  destinationLabel,
  integrations,
  allCredentials,
  onNotice,
  onDeleted,
}: {
  credential: Credential;
  destination: Destination | undefined;
  destinationLabel: string;
  integrations: Integration[];
  allCredentials: Credential[];
  onNotice: (text: string) => void;
  onDeleted: (name: string) => void;
}) {
  const headingId = `credential-${credential.id}`;
  const connected = integrations.filter((integration) => integration.credentialId === credential.id);
  const connectable = integrations.filter(
    (integration) =>
      integration.destination === credential.destination && integration.credentialId !== credential.id,
  );
  const deleteButton = useRef<HTMLButtonElement>(null);
  const { verify, connect, disconnect, remove, ...actions } = useCredentialActions({
    credential,
    onNotice,
    onDeleted,
  });

  return (
    <section className="credential" aria-labelledby={headingId}>
      <h2 id={headingId}>{credential.name}</h2>
      <CredentialFacts
        credential={credential}
        destination={destination}
        destinationLabel={destinationLabel}
        connected={connected}
        disconnecting={disconnect.isPending}
        onDisconnect={(integrationId) => disconnect.mutate(integrationId)}
      />

      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => verify.mutate()}
          disabled={verify.isPending}
        >
          {verify.isPending ? 'Verifying…' : 'Verify'}
          <span className="visually-hidden"> {credential.name}</span>
        </button>
        <button
          type="button"
          className="danger"
          ref={deleteButton}
          onClick={() => actions.setConfirmDelete(true)}
        >
          Delete<span className="visually-hidden"> {credential.name}</span>
        </button>
      </div>
      <VerificationResult
        verification={actions.verification}
        destinationLabel={destinationLabel}
        credentialName={credential.name}
      />
      <ErrorMessage error={verify.error} title="Could not verify the credential" />

      <ConnectCredential
        credential={credential}
        connectable={connectable}
        allCredentials={allCredentials}
        destinationLabel={destinationLabel}
        target={actions.target}
        setTarget={actions.setTarget}
        connecting={connect.isPending}
        onConnect={(integrationId) => connect.mutate(integrationId)}
      />
      <ErrorMessage error={connect.error} title="Could not connect the credential" />
      <ErrorMessage error={disconnect.error} title="Could not disconnect" />

      <DeleteCredentialDialog
        open={actions.confirmDelete}
        credentialName={credential.name}
        connected={connected}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          actions.setConfirmDelete(false);
          remove.reset();
          deleteButton.current?.focus();
        }}
      />
    </section>
  );
}
