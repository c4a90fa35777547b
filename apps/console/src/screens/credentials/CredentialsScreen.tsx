import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { destinationName, useDestinations } from '../../components/forms/destinations.js';
import '../../components/forms/forms.css';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useIntegrations } from '../integrations/integrations-api.js';
import { CreateCredential } from './CreateCredential.js';
import { CredentialCard } from './CredentialCard.js';
import { credentialsQuery } from './credentials-api.js';

/** /credentials: destination credentials (secrets write-only), connected to integrations. */
export default function CredentialsScreen() {
  const credentials = useQuery(credentialsQuery);
  const integrations = useIntegrations();
  const destinations = useDestinations();
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);

  return (
    <>
      <div ref={headingRef} tabIndex={-1}>
        <PageTitle>Credentials</PageTitle>
      </div>
      <p className="help">
        A credential is what the hub signs in to a destination with. Secret fields are stored encrypted and
        never shown again, not even here. An integration reports nothing until a credential is connected to
        it.
      </p>
      <p role="status" className={notice ? 'alert alert-ok' : undefined}>
        {notice}
      </p>
      {credentials.isPending && <Loading what="Loading credentials" />}
      <ErrorMessage error={credentials.error} title="Could not load the credentials" />
      <ErrorMessage error={integrations.error} title="Could not load the integrations" />
      {credentials.data && credentials.data.length === 0 && <p>No credentials yet: add one below.</p>}
      {credentials.data?.map((credential) => (
        <CredentialCard
          key={credential.id}
          credential={credential}
          destination={destinations.data?.find((candidate) => candidate.id === credential.destination)}
          destinationLabel={destinationName(destinations.data, credential.destination)}
          integrations={integrations.data ?? []}
          allCredentials={credentials.data ?? []}
          onNotice={setNotice}
          onDeleted={(name) => {
            setNotice(`Credential ${name} was deleted.`);
            headingRef.current?.focus();
          }}
        />
      ))}
      <CreateCredential onCreated={(name) => setNotice(`Credential ${name} was created.`)} />
    </>
  );
}
