import { SelectField, TextField } from '../../components/forms/Field.js';
import type { Integration } from '../integrations/integrations-api.js';
import { M3TER_ENTITIES } from './mapping-csv.js';
import { ENTITY_LABELS } from './mapping-display.js';

/** The list's filters (kept in the URL by the screen): integration, entity and free text. */
export function MappingFilters({
  integrations,
  integrationFilter,
  entityFilter,
  text,
  setFilter,
}: {
  integrations: Integration[];
  integrationFilter: string;
  entityFilter: string;
  text: string;
  setFilter: (key: 'integration' | 'entity' | 'q', value: string) => void;
}) {
  return (
    <search className="filters" aria-label="Filter mappings">
      <SelectField
        id="filter-integration"
        label="Integration"
        value={integrationFilter}
        onChange={(value) => setFilter('integration', value)}
        placeholder="All integrations"
        options={integrations.map((integration) => ({
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
  );
}
