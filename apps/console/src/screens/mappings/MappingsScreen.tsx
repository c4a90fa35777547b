import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog.js';
import { type Destination, useDestinations } from '../../components/forms/destinations.js';
import { SelectField, TextField } from '../../components/forms/Field.js';
import '../../components/forms/forms.css';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { type Integration, useIntegrations } from '../integrations/integrations-api.js';
import { ImportMappings } from './ImportMappings.js';
import { M3TER_ENTITIES, type M3terEntity, mappingsToCsv } from './mapping-csv.js';

type Mapping =
  paths['/v1/external-mappings']['get']['responses'][200]['content']['application/json']['data'][number];
type MappingQuery = NonNullable<paths['/v1/external-mappings']['get']['parameters']['query']>;

const ENTITY_LABELS: Record<M3terEntity, string> = {
  Account: 'Account → customer',
  Product: 'Product → dimension',
  Aggregation: 'Aggregation → dimension',
  CompoundAggregation: 'Compound aggregation → dimension',
};

function mappingsQuery(integrationConfigId: string, m3terEntity: string) {
  return {
    queryKey: ['external-mappings', { integrationConfigId, m3terEntity }],
    queryFn: async () => {
      const all: Mapping[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 100; page++) {
        const query: MappingQuery = { pageSize: 200, nextToken };
        if (integrationConfigId) query.integrationConfigId = integrationConfigId;
        if (m3terEntity) query.m3terEntity = m3terEntity as M3terEntity;
        const result = unwrap(await api.GET('/v1/external-mappings', { params: { query } }));
        all.push(...result.data);
        if (!result.nextToken) break;
        nextToken = result.nextToken;
      }
      return all;
    },
  };
}

function matchesText(mapping: Mapping, text: string): boolean {
  if (!text) return true;
  const needle = text.toLowerCase();
  return [
    mapping.m3terId,
    mapping.externalId,
    mapping.externalTable,
    JSON.stringify(mapping.metadata ?? ''),
  ].some((value) => value.toLowerCase().includes(needle));
}

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** /mappings: which customer and dimensions each billing-platform id is reported as. */
export default function MappingsScreen() {
  const [params, setParams] = useSearchParams();
  const integrationFilter = params.get('integration') ?? '';
  const entityFilter = params.get('entity') ?? '';
  const text = params.get('q') ?? '';
  const queryClient = useQueryClient();
  const integrations = useIntegrations();
  const destinations = useDestinations();
  const mappings = useQuery(mappingsQuery(integrationFilter, entityFilter));
  const [notice, setNotice] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Mapping | null>(null);
  const deleteTrigger = useRef<HTMLElement | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);

  const shown = useMemo(
    () => (mappings.data ?? []).filter((mapping) => matchesText(mapping, text)),
    [mappings.data, text],
  );
  const integrationName = (id: string | null) =>
    id === null ? null : (integrations.data?.find((integration) => integration.id === id)?.name ?? id);

  function setFilter(key: string, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  }

  const remove = useMutation({
    mutationFn: async (mapping: Mapping) => {
      unwrap(await api.DELETE('/v1/external-mappings/{id}', { params: { path: { id: mapping.id } } }));
      return mapping;
    },
    onSuccess: async (mapping) => {
      setToDelete(null);
      setNotice(`The ${mapping.m3terEntity} mapping of ${mapping.m3terId} was deleted.`);
      headingRef.current?.focus();
      await queryClient.invalidateQueries({ queryKey: ['external-mappings'] });
    },
  });

  return (
    <>
      <div ref={headingRef} tabIndex={-1}>
        <PageTitle>External mappings</PageTitle>
      </div>
      <p className="help">
        How billing-platform ids become the destination's: an account maps to the customer (e.g. a
        subscription), a product or aggregation to a dimension. A mapping linked to an integration is used by
        that integration only; an unlinked one by every integration of its destination.
      </p>
      <p role="status" className={notice ? 'alert alert-ok' : undefined}>
        {notice}
      </p>

      <search className="filters" aria-label="Filter mappings">
        <SelectField
          id="filter-integration"
          label="Integration"
          value={integrationFilter}
          onChange={(value) => setFilter('integration', value)}
          placeholder="All integrations"
          options={(integrations.data ?? []).map((integration) => ({
            value: integration.id,
            label: integration.name,
          }))}
        />
        <SelectField
          id="filter-entity"
          label="Entity"
          value={entityFilter}
          onChange={(value) => setFilter('entity', value)}
          placeholder="All entities"
          options={M3TER_ENTITIES.map((entity) => ({ value: entity, label: ENTITY_LABELS[entity] }))}
        />
        <TextField id="filter-text" label="Text" value={text} onChange={(value) => setFilter('q', value)} />
      </search>

      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={shown.length === 0}
          onClick={() => {
            download(`external-mappings-${new Date().toISOString().slice(0, 10)}.csv`, mappingsToCsv(shown));
            setNotice(`Exported ${shown.length} mapping${shown.length === 1 ? '' : 's'} as CSV.`);
          }}
        >
          Export {shown.length} as CSV
        </button>
      </div>

      {mappings.isPending && <Loading what="Loading mappings" />}
      <ErrorMessage error={mappings.error} title="Could not load the mappings" />
      {mappings.data && (
        <table>
          <caption className="visually-hidden">External mappings</caption>
          <thead>
            <tr>
              <th scope="col">Entity</th>
              <th scope="col">Billing-platform id</th>
              <th scope="col">Destination table</th>
              <th scope="col">External id</th>
              <th scope="col">Integration</th>
              <th scope="col">Metadata</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No mappings{integrationFilter || entityFilter || text ? ' match these filters' : ' yet'}.
                </td>
              </tr>
            )}
            {shown.map((mapping) => (
              <tr key={mapping.id}>
                <td>{mapping.m3terEntity}</td>
                <th scope="row">
                  <code>{mapping.m3terId}</code>
                </th>
                <td>
                  {mapping.externalSystem} / {mapping.externalTable}
                </td>
                <td>
                  <code>{mapping.externalId}</code>
                </td>
                <td>
                  {mapping.integrationConfigId ? (
                    <Link to={`/integrations/${mapping.integrationConfigId}`}>
                      {integrationName(mapping.integrationConfigId)}
                    </Link>
                  ) : (
                    <span className="muted">any (unlinked)</span>
                  )}
                </td>
                <td>
                  {mapping.metadata && Object.keys(mapping.metadata).length > 0 ? (
                    <code>{JSON.stringify(mapping.metadata)}</code>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    onClick={(event) => {
                      deleteTrigger.current = event.currentTarget;
                      remove.reset();
                      setToDelete(mapping);
                    }}
                  >
                    Delete
                    <span className="visually-hidden">
                      {' '}
                      {mapping.m3terEntity} mapping of {mapping.m3terId}
                    </span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <AddMapping
        destinations={destinations.data ?? []}
        destinationsError={destinations.error}
        integrations={integrations.data ?? []}
        defaultIntegration={integrationFilter}
        onAdded={(mapping) =>
          setNotice(`Added: ${mapping.m3terEntity} ${mapping.m3terId} → ${mapping.externalId}.`)
        }
      />

      <ImportMappings onApplied={setNotice} />

      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this mapping?"
        confirmLabel="Delete mapping"
        busy={remove.isPending}
        onConfirm={() => toDelete && remove.mutate(toDelete)}
        onCancel={() => {
          setToDelete(null);
          remove.reset();
          deleteTrigger.current?.focus();
        }}
      >
        {toDelete && (
          <p>
            {toDelete.m3terEntity} <code>{toDelete.m3terId}</code> → <code>{toDelete.externalId}</code>. Bills
            that need it end with a missing-mapping error until it is mapped again.
          </p>
        )}
        <ErrorMessage error={remove.error} title="Could not delete the mapping" />
      </ConfirmDialog>
    </>
  );
}

function AddMapping({
  destinations,
  destinationsError,
  integrations,
  defaultIntegration,
  onAdded,
}: {
  destinations: Destination[];
  destinationsError: unknown;
  integrations: Integration[];
  defaultIntegration: string;
  onAdded: (mapping: Mapping) => void;
}) {
  const queryClient = useQueryClient();
  const [destinationId, setDestinationId] = useState('');
  const [entity, setEntity] = useState<M3terEntity>('Account');
  const [m3terId, setM3terId] = useState('');
  const [externalId, setExternalId] = useState('');
  const [integrationId, setIntegrationId] = useState(defaultIntegration);
  const [metadata, setMetadata] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const linked = integrations.find((integration) => integration.id === defaultIntegration);
    if (linked) {
      setIntegrationId(linked.id);
      setDestinationId(linked.destination);
    } else if (destinations.length === 1 && destinations[0])
      setDestinationId((current) => current || destinations[0]!.id);
  }, [defaultIntegration, integrations, destinations]);

  const destination = destinations.find((candidate) => candidate.id === destinationId);
  const table = destination
    ? entity === 'Account'
      ? destination.mappings.account
      : destination.mappings.dimension
    : undefined;
  const metadataFields = entity === 'Account' ? (destination?.mappings.account.metadataFields ?? []) : [];
  const choosable = integrations.filter((integration) => integration.destination === destinationId);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: Record<string, string> = {};
    if (!destination) found.destination = 'choose a destination';
    if (!m3terId.trim()) found.m3terId = 'must not be empty';
    if (!externalId.trim()) found.externalId = 'must not be empty';
    for (const field of metadataFields)
      if (field.required && !(metadata[field.name] ?? '').trim())
        found[`metadata.${field.name}`] = 'is required';
    setErrors(found);
    if (!destination || Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    const meta = Object.fromEntries(
      metadataFields
        .map((field) => [field.name, (metadata[field.name] ?? '').trim()] as const)
        .filter(([, value]) => value !== ''),
    );
    setBusy(true);
    try {
      const created = unwrap(
        await api.POST('/v1/external-mappings', {
          body: {
            m3terEntity: entity,
            m3terId: m3terId.trim(),
            externalSystem: destination.externalSystem,
            externalTable: (table ?? destination.mappings.dimension).externalTable,
            externalId: externalId.trim(),
            integrationConfigId: integrationId || null,
            metadata: Object.keys(meta).length > 0 ? meta : null,
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['external-mappings'] });
      setM3terId('');
      setExternalId('');
      setMetadata({});
      onAdded(created);
      document.getElementById('mapping-m3terId')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        const byField: Record<string, string> = {};
        for (const detail of error.details) byField[detail.path] = detail.message;
        setErrors(byField);
        focusFirstError(byField);
      }
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="add-mapping">
      <h2 id="add-mapping">Add a mapping</h2>
      <form onSubmit={submit} noValidate aria-labelledby="add-mapping">
        <ErrorMessage error={destinationsError} title="Could not load the destinations" />
        <SelectField
          id="mapping-destination"
          label="Destination"
          required
          help="Sets the external system and table the mapping is stored under."
          value={destinationId}
          onChange={(value) => {
            setDestinationId(value);
            setIntegrationId('');
            setMetadata({});
          }}
          placeholder="Choose a destination…"
          options={destinations.map((candidate) => ({ value: candidate.id, label: candidate.displayName }))}
          error={errors.destination}
        />
        <SelectField
          id="mapping-entity"
          label="Billing-platform entity"
          required
          help={table ? `${table.externalTable}: ${table.description}` : undefined}
          value={entity}
          onChange={(value) => setEntity(value as M3terEntity)}
          options={M3TER_ENTITIES.map((candidate) => ({ value: candidate, label: ENTITY_LABELS[candidate] }))}
          error={errors.m3terEntity}
        />
        <TextField
          id="mapping-m3terId"
          label={entity === 'Account' ? 'Account id (or code)' : `${entity} id`}
          required
          help={
            entity === 'Account'
              ? "The billing platform's account id; the account code when the integration uses external mapping account codes."
              : `The billing platform's ${entity === 'CompoundAggregation' ? 'compound aggregation' : entity.toLowerCase()} id.`
          }
          spellCheck={false}
          value={m3terId}
          onChange={setM3terId}
          error={errors.m3terId}
        />
        <TextField
          id="mapping-externalId"
          label={table ? `${destination?.displayName ?? ''} ${table.externalTable} id`.trim() : 'External id'}
          required
          spellCheck={false}
          value={externalId}
          onChange={setExternalId}
          error={errors.externalId}
        />
        {metadataFields.map((field) => (
          <TextField
            key={field.name}
            id={`mapping-metadata-${field.name}`}
            label={field.label}
            required={field.required}
            help={field.description ?? undefined}
            spellCheck={false}
            value={metadata[field.name] ?? ''}
            onChange={(value) => setMetadata((current) => ({ ...current, [field.name]: value }))}
            error={errors[`metadata.${field.name}`]}
          />
        ))}
        <SelectField
          id="mapping-integration"
          label="Linked integration"
          help="Optional. Linked: only this integration uses the mapping (it wins over an unlinked one)."
          value={integrationId}
          onChange={setIntegrationId}
          placeholder="None: every integration of the destination"
          options={choosable.map((integration) => ({ value: integration.id, label: integration.name }))}
          error={errors.integrationConfigId}
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Adding…' : 'Add mapping'}
          </button>
        </div>
        <ErrorMessage error={failure} title="Could not add the mapping" />
      </form>
    </section>
  );
}

function focusFirstError(errors: Record<string, string>) {
  const order = ['destination', 'm3terEntity', 'm3terId', 'externalId'];
  const first =
    order.find((key) => errors[key]) ?? Object.keys(errors).find((key) => key.startsWith('metadata.'));
  if (!first) return;
  const id = first.startsWith('metadata.') ? `mapping-metadata-${first.slice(9)}` : `mapping-${first}`;
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
