import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog.js';
import { type Destination, destinationName, useDestinations } from '../../components/forms/destinations.js';
import { SelectField, TextField } from '../../components/forms/Field.js';
import '../../components/forms/forms.css';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { type Integration, useIntegrations } from '../integrations/integrations-api.js';

type Credential =
  paths['/v1/integration-credentials']['get']['responses'][200]['content']['application/json']['data'][number];
type Verification =
  paths['/v1/integration-credentials/{id}/verify']['post']['responses'][200]['content']['application/json'];

const credentialsQuery = {
  queryKey: ['credentials'],
  queryFn: async () => {
    const all: Credential[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = unwrap(
        await api.GET('/v1/integration-credentials', { params: { query: { pageSize: 200, nextToken } } }),
      );
      all.push(...result.data);
      if (!result.nextToken) break;
      nextToken = result.nextToken;
    }
    return all;
  },
} as const;

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

function CredentialCard({
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
  const queryClient = useQueryClient();
  const headingId = `credential-${credential.id}`;
  const connected = integrations.filter((integration) => integration.credentialId === credential.id);
  const connectable = integrations.filter(
    (integration) =>
      integration.destination === credential.destination && integration.credentialId !== credential.id,
  );
  const [target, setTarget] = useState('');
  const [verification, setVerification] = useState<Verification | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const nameOfCredential = (id: string | null) =>
    allCredentials.find((candidate) => candidate.id === id)?.name ?? id ?? '';

  const refreshIntegrations = () => queryClient.invalidateQueries({ queryKey: ['integrations'] });

  const verify = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/integration-credentials/{id}/verify', {
          params: { path: { id: credential.id } },
        }),
      ),
    onMutate: () => setVerification(null),
    onSuccess: setVerification,
  });
  const connect = useMutation({
    mutationFn: async (integrationId: string) =>
      unwrap(
        await api.PUT('/v1/integrations/{id}/credential', {
          params: { path: { id: integrationId } },
          body: { credentialId: credential.id },
        }),
      ),
    onSuccess: async (integration) => {
      setTarget('');
      onNotice(`${integration.name} is now connected to ${credential.name}.`);
      await refreshIntegrations();
    },
  });
  const disconnect = useMutation({
    mutationFn: async (integrationId: string) =>
      unwrap(
        await api.DELETE('/v1/integrations/{id}/credential', { params: { path: { id: integrationId } } }),
      ),
    onSuccess: async (integration) => {
      onNotice(
        `${integration.name} is disconnected from ${credential.name}: it reports nothing until connected again.`,
      );
      await refreshIntegrations();
    },
  });
  const remove = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.DELETE('/v1/integration-credentials/{id}', { params: { path: { id: credential.id } } }),
      ),
    onSuccess: async () => {
      setConfirmDelete(false);
      onDeleted(credential.name);
      await queryClient.invalidateQueries({ queryKey: ['credentials'] });
    },
  });

  // The non-secret fields the hub returns, labelled as the destination labels them.
  const fields = (destination?.credential.fields ?? []).filter((field) => !field.secret);
  const secretFields = (destination?.credential.fields ?? []).filter((field) => field.secret);
  const targetIntegration = connectable.find((integration) => integration.id === target);

  function submitConnect(event: FormEvent) {
    event.preventDefault();
    if (target) connect.mutate(target);
  }

  return (
    <section className="credential" aria-labelledby={headingId}>
      <h2 id={headingId}>{credential.name}</h2>
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
                    disabled={disconnect.isPending}
                    onClick={() => disconnect.mutate(integration.id)}
                  >
                    Disconnect<span className="visually-hidden"> {integration.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

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
        <button type="button" className="danger" ref={deleteButton} onClick={() => setConfirmDelete(true)}>
          Delete<span className="visually-hidden"> {credential.name}</span>
        </button>
      </div>
      <div role="status">
        {verification?.ok === true && (
          <p className="alert alert-ok">
            {destinationLabel} accepted {credential.name}.
          </p>
        )}
        {verification?.ok === false && (
          <div className="alert alert-error">
            <p>
              <strong>
                {destinationLabel} refused {credential.name}.
              </strong>{' '}
              It answered:
            </p>
            <p>
              <code>{verification.error.code}</code>: {verification.error.message}
            </p>
          </div>
        )}
      </div>
      <ErrorMessage error={verify.error} title="Could not verify the credential" />

      {connectable.length > 0 ? (
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
          <button type="submit" disabled={!target || connect.isPending}>
            {targetIntegration?.credentialId ? 'Change credential' : 'Connect'}
          </button>
        </form>
      ) : (
        <p className="muted">
          No other {destinationLabel} integration to connect.{' '}
          <Link to="/integrations/new">New integration</Link>
        </p>
      )}
      <ErrorMessage error={connect.error} title="Could not connect the credential" />
      <ErrorMessage error={disconnect.error} title="Could not disconnect" />

      <ConfirmDialog
        open={confirmDelete}
        title={`Delete credential ${credential.name}?`}
        confirmLabel="Delete credential"
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setConfirmDelete(false);
          remove.reset();
          deleteButton.current?.focus();
        }}
      >
        <p>Its secret is erased. This cannot be undone.</p>
        {remove.error instanceof ApiError && remove.error.status === 409 ? (
          <div role="alert" className="alert alert-error">
            <strong>It is still connected to an integration.</strong>
            <p>
              Disconnect it first (or connect those integrations to another credential):{' '}
              {connected.map((integration) => integration.name).join(', ') || remove.error.message}
            </p>
          </div>
        ) : (
          <ErrorMessage error={remove.error} title="Could not delete the credential" />
        )}
      </ConfirmDialog>
    </section>
  );
}

function CreateCredential({ onCreated }: { onCreated: (name: string) => void }) {
  const queryClient = useQueryClient();
  const destinations = useDestinations();
  const [name, setName] = useState('');
  const [destinationId, setDestinationId] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const only = destinations.data?.length === 1 ? destinations.data[0] : undefined;
    if (only) setDestinationId((current) => current || only.id);
  }, [destinations.data]);

  const destination = destinations.data?.find((candidate) => candidate.id === destinationId);
  const fields = destination?.credential.fields ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'must not be empty';
    if (!destinationId) found.destination = 'choose a destination';
    for (const field of fields)
      if (field.required && !(values[field.name] ?? '').trim()) found[field.name] = 'is required';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirst(
        found,
        fields.map((field) => field.name),
      );
      return;
    }
    setBusy(true);
    try {
      const body: Record<string, string> = {};
      for (const field of fields) {
        const value = values[field.name] ?? '';
        if (value !== '' || field.required) body[field.name] = value;
      }
      const created = unwrap(
        await api.POST('/v1/integration-credentials', {
          body: { ...body, name, destination: destinationId },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['credentials'] });
      setName('');
      setValues({});
      onCreated(created.name);
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const byField: Record<string, string> = {};
        for (const detail of error.details) {
          const key = detail.path.split('.').pop() ?? detail.path;
          byField[key] = byField[key] ? `${byField[key]}; ${detail.message}` : detail.message;
        }
        setErrors(byField);
        focusFirst(
          byField,
          fields.map((field) => field.name),
        );
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-credential">
      <h2 id="new-credential">New credential</h2>
      <form onSubmit={submit} noValidate aria-labelledby="new-credential">
        <TextField
          id="credential-name"
          label="Name"
          required
          help="How operators tell this credential apart."
          value={name}
          onChange={setName}
          error={errors.name}
        />
        <SelectField
          id="credential-destination"
          label="Destination"
          required
          help="The marketplace this credential signs in to; its fields follow."
          value={destinationId}
          onChange={(value) => {
            setDestinationId(value);
            setValues({});
            setErrors({});
          }}
          placeholder={destinations.isPending ? 'Loading destinations…' : 'Choose a destination…'}
          options={(destinations.data ?? []).map((candidate) => ({
            value: candidate.id,
            label: candidate.displayName,
          }))}
          error={errors.destination}
        />
        <ErrorMessage error={destinations.error} title="Could not load the destinations" />
        {fields.map((field) => (
          <TextField
            key={`${destinationId}:${field.name}`}
            id={`credential-field-${field.name}`}
            label={field.label}
            required={field.required}
            help={
              field.secret && !field.description
                ? 'Write-only: stored encrypted, never shown again.'
                : (field.description ?? undefined)
            }
            type={field.secret ? 'password' : 'text'}
            autoComplete={field.secret ? 'new-password' : 'off'}
            spellCheck={false}
            value={values[field.name] ?? ''}
            onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
            error={errors[field.name]}
          />
        ))}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create credential'}
          </button>
        </div>
        <ErrorMessage error={failure} title="Could not create the credential" />
      </form>
    </section>
  );
}

function focusFirst(errors: Record<string, string>, fieldNames: string[]) {
  const order = ['name', 'destination', ...fieldNames];
  const first = order.find((key) => errors[key]);
  if (!first) return;
  const id =
    first === 'name'
      ? 'credential-name'
      : first === 'destination'
        ? 'credential-destination'
        : `credential-field-${first}`;
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
