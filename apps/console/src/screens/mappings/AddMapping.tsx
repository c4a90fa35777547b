import { ErrorMessage } from '../../components/ErrorMessage.js';
import type { Destination } from '../../components/forms/destinations.js';
import { SelectField, TextField } from '../../components/forms/Field.js';
import type { Integration } from '../integrations/integrations-api.js';
import { M3TER_ENTITIES, type M3terEntity } from './mapping-csv.js';
import { ENTITY_LABELS } from './mapping-display.js';
import type { Mapping } from './mappings-api.js';
import { useAddMapping } from './use-add-mapping.js';

/** "Add a mapping": one billing-platform id to a destination's id, linked to an integration or not. */
export function AddMapping({
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
  const add = useAddMapping({ destinations, integrations, defaultIntegration, onAdded });
  const { entity, table, destination, errors } = add;

  return (
    <section aria-labelledby="add-mapping">
      <h2 id="add-mapping">Add a mapping</h2>
      <form onSubmit={add.submit} noValidate aria-labelledby="add-mapping">
        <ErrorMessage error={destinationsError} title="Could not load the destinations" />
        <SelectField
          id="mapping-destination"
          label="Destination"
          required
          help="Sets the external system and table the mapping is stored under."
          value={add.destinationId}
          onChange={add.chooseDestination}
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
          onChange={(value) => add.setEntity(value as M3terEntity)}
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
          value={add.m3terId}
          onChange={add.setM3terId}
          error={errors.m3terId}
        />
        <TextField
          id="mapping-externalId"
          label={table ? `${destination?.displayName ?? ''} ${table.externalTable} id`.trim() : 'External id'}
          required
          spellCheck={false}
          value={add.externalId}
          onChange={add.setExternalId}
          error={errors.externalId}
        />
        {add.metadataFields.map((field) => (
          <TextField
            key={field.name}
            id={`mapping-metadata-${field.name}`}
            label={field.label}
            required={field.required}
            help={field.description ?? undefined}
            spellCheck={false}
            value={add.metadata[field.name] ?? ''}
            onChange={(value) => add.setMetadata((current) => ({ ...current, [field.name]: value }))}
            error={errors[`metadata.${field.name}`]}
          />
        ))}
        <SelectField
          id="mapping-integration"
          label="Linked integration"
          help="Optional. Linked: only this integration uses the mapping (it wins over an unlinked one)."
          value={add.integrationId}
          onChange={add.setIntegrationId}
          placeholder="None: every integration of the destination"
          options={add.choosable.map((integration) => ({ value: integration.id, label: integration.name }))}
          error={errors.integrationConfigId}
        />
        <div className="actions">
          <button type="submit" disabled={add.busy}>
            {add.busy ? 'Adding…' : 'Add mapping'}
          </button>
        </div>
        <ErrorMessage error={add.failure} title="Could not add the mapping" />
      </form>
    </section>
  );
}
