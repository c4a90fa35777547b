import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { destinationName } from '../../components/forms/destinations.js';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { BillSelectionSection } from './BillSelectionSection.js';
import { ConflictAlert } from './ConflictAlert.js';
import { ErrorSummary } from './ErrorSummary.js';
import { ExternalMappingsSection } from './ExternalMappingsSection.js';
import { IntegrationSection } from './IntegrationSection.js';
import type { Integration } from './integration-form.js';
import { integrationQuery } from './integrations-api.js';
import { LineItemsSection } from './LineItemsSection.js';
import { NotificationsSection } from './NotificationsSection.js';
import { ReportingSection } from './ReportingSection.js';
import { SavedAlert } from './SavedAlert.js';
import { useIntegrationForm } from './use-integration-form.js';

/** /integrations/new and /integrations/:id: every option of an integration, checked as the hub checks it. */
export default function IntegrationFormScreen() {
  const { id } = useParams();
  return id ? <EditIntegration id={id} /> : <IntegrationEditor />;
}

function EditIntegration({ id }: { id: string }) {
  const query = useQuery(integrationQuery(id));
  if (query.isPending) return <Loading what="Loading the integration" />;
  if (query.isError)
    return (
      <>
        <PageTitle>Integration</PageTitle>
        <ErrorMessage error={query.error} title="Could not load the integration" />
        <Link to="/integrations">Back to integrations</Link>
      </>
    );
  return (
    <IntegrationEditor
      integration={query.data}
      reload={async () => {
        const fresh = await query.refetch();
        if (fresh.error) throw fresh.error;
        return fresh.data as Integration;
      }}
    />
  );
}

function IntegrationEditor({
  integration,
  reload,
}: {
  integration?: Integration;
  reload?: () => Promise<Integration>;
}) {
  const editor = useIntegrationForm(integration, reload);
  const { mode, form, set, errorOf, errorCount, saveError, busy, version } = editor;
  const fields = { form, set, errorOf };
  const title = integration ? `Edit integration: ${integration.name}` : 'New integration';

  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <p>
        <Link to="/integrations">Back to integrations</Link>
        {integration && (
          <>
            {' · '}
            <Link to={`/integrations/${integration.id}/check`}>Check prerequisites</Link>
          </>
        )}
      </p>

      {editor.saved && (
        <SavedAlert ref={editor.savedRef} saved={editor.saved} integrationId={integration?.id} />
      )}
      {editor.conflict && (
        <ConflictAlert
          ref={editor.conflictRef}
          message={editor.conflict}
          busy={busy}
          onReload={editor.reloadLatest}
        />
      )}
      {errorCount > 0 && (
        <ErrorSummary ref={editor.summaryRef} errorCount={errorCount} otherErrors={editor.otherErrors} />
      )}
      {/* The hub's per-field answer is already shown field by field and in the summary. */}
      {!(saveError instanceof ApiError && saveError.status === 400 && errorCount > 0) && (
        <ErrorMessage error={saveError} title="Could not save the integration" />
      )}

      <form onSubmit={editor.submit} noValidate aria-label={title}>
        <IntegrationSection
          {...fields}
          mode={mode}
          destinations={editor.destinations}
          destination={editor.destination}
        />
        <BillSelectionSection {...fields} />
        <LineItemsSection {...fields} />
        <ExternalMappingsSection {...fields} />
        <ReportingSection
          {...fields}
          destination={editor.destination}
          destinationLabel={editor.destinationLabel}
          maxPlaces={editor.maxPlaces}
        />
        <NotificationsSection {...fields} />

        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : mode === 'create' ? 'Create integration' : 'Save changes'}
          </button>
          <Link to="/integrations">Cancel</Link>
        </div>
        {integration && (
          <p className="muted">
            Destination: {destinationName(editor.destinations.data, integration.destination)} · version{' '}
            {version}
          </p>
        )}
      </form>
    </>
  );
}
