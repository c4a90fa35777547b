import { Link } from 'react-router';
import type { Mapping } from './mappings-api.js';

/** The mappings shown, one row each, with a Delete button that names what it deletes. */
export function MappingsTable({
  shown,
  filtered,
  integrationName,
  onDelete,
}: {
  shown: Mapping[];
  filtered: boolean;
  integrationName: (id: string | null) => string | null;
  onDelete: (mapping: Mapping, trigger: HTMLElement) => void;
}) {
  return (
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
              No mappings{filtered ? ' match these filters' : ' yet'}.
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
                onClick={(event) => onDelete(mapping, event.currentTarget)}
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
  );
}
