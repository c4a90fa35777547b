import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useDestinations } from '../../components/forms/destinations.js';
import '../../components/forms/forms.css';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useIntegrations } from '../integrations/integrations-api.js';
import { AddMapping } from './AddMapping.js';
import { DeleteMappingDialog } from './DeleteMappingDialog.js';
import { downloadCsv } from './download-csv.js';
import { ImportMappings } from './ImportMappings.js';
import { MappingFilters } from './MappingFilters.js';
import { MappingsTable } from './MappingsTable.js';
import { mappingsToCsv } from './mapping-csv.js';
import { matchesText } from './mapping-display.js';
import { mappingsQuery } from './mappings-api.js';
import { useDeleteMapping } from './use-delete-mapping.js';

/** /mappings: which customer and dimensions each billing-platform id is reported as. */
export default function MappingsScreen() {
  const [params, setParams] = useSearchParams();
  const integrationFilter = params.get('integration') ?? '';
  const entityFilter = params.get('entity') ?? '';
  const text = params.get('q') ?? '';
  const integrations = useIntegrations();
  const destinations = useDestinations();
  const mappings = useQuery(mappingsQuery(integrationFilter, entityFilter));
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLDivElement>(null);
  const deletion = useDeleteMapping((mapping) => {
    setNotice(`The ${mapping.m3terEntity} mapping of ${mapping.m3terId} was deleted.`);
    headingRef.current?.focus();
  });

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

      <MappingFilters
        integrations={integrations.data ?? []}
        integrationFilter={integrationFilter}
        entityFilter={entityFilter}
        text={text}
        setFilter={setFilter}
      />

      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={shown.length === 0}
          onClick={() => {
            downloadCsv(
              `external-mappings-${new Date().toISOString().slice(0, 10)}.csv`,
              mappingsToCsv(shown),
            );
            setNotice(`Exported ${shown.length} mapping${shown.length === 1 ? '' : 's'} as CSV.`);
          }}
        >
          Export {shown.length} as CSV
        </button>
      </div>

      {mappings.isPending && <Loading what="Loading mappings" />}
      <ErrorMessage error={mappings.error} title="Could not load the mappings" />
      {mappings.data && (
        <MappingsTable
          shown={shown}
          filtered={Boolean(integrationFilter || entityFilter || text)}
          integrationName={integrationName}
          onDelete={deletion.ask}
        />
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

      <DeleteMappingDialog deletion={deletion} />
    </>
  );
}
