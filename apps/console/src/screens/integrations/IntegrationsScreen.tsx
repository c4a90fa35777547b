import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog.js';
import { destinationName, useDestinations } from '../../components/forms/destinations.js';
import '../../components/forms/forms.css';
import { Loading } from '../../components/Loading.js';
import { PageTitle } from '../../components/PageTitle.js';
import { type Integration, lastRunOf, useIntegrations } from './integrations-api.js';

const RUN_BADGE: Record<string, string> = {
  COMPLETE: 'badge-ok',
  SKIPPED: 'badge-neutral',
  ERROR: 'badge-error',
  AUTH_FAILED: 'badge-error',
  AWAITING_RETRY: 'badge-warn',
  AWAITING_CREDENTIAL: 'badge-warn',
  DISABLED: 'badge-warn',
};

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** /integrations: each integration's destination, status and last run, with its actions. */
export default function IntegrationsScreen() {
  const queryClient = useQueryClient();
  const integrations = useIntegrations();
  const destinations = useDestinations();
  const [notice, setNotice] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Integration | null>(null);
  const deleteTrigger = useRef<HTMLElement | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const toggle = useMutation({
    mutationFn: async ({ integration, enable }: { integration: Integration; enable: boolean }) =>
      unwrap(
        enable
          ? await api.POST('/v1/integrations/{id}/enable', { params: { path: { id: integration.id } } })
          : await api.POST('/v1/integrations/{id}/disable', {
              params: { path: { id: integration.id } },
              body: {},
            }),
      ),
    onSuccess: (updated) => {
      setNotice(`${updated.name} is now ${updated.enabled ? 'enabled' : 'disabled'}.`);
      queryClient.setQueryData(['integrations', updated.id], updated);
      return queryClient.invalidateQueries({ queryKey: ['integrations'], exact: true });
    },
  });

  const remove = useMutation({
    mutationFn: async (integration: Integration) => {
      unwrap(await api.DELETE('/v1/integrations/{id}', { params: { path: { id: integration.id } } }));
      return integration;
    },
    onSuccess: (deleted) => {
      setToDelete(null);
      setNotice(`${deleted.name} was deleted.`);
      queryClient.removeQueries({ queryKey: ['integrations', deleted.id] });
      // The row (and its button) is gone: focus goes to the heading.
      headingRef.current?.focus();
      return queryClient.invalidateQueries({ queryKey: ['integrations'], exact: true });
    },
  });

  function closeDelete() {
    setToDelete(null);
    remove.reset();
    deleteTrigger.current?.focus();
  }

  return (
    <>
      <div ref={headingRef} tabIndex={-1}>
        <PageTitle>Integrations</PageTitle>
      </div>
      <div className="actions">
        <Link to="/integrations/new">New integration</Link>
      </div>
      <p role="status" className={notice ? 'alert alert-ok' : undefined}>
        {notice}
      </p>
      <ErrorMessage error={toggle.error} title="Could not change the integration" />
      {integrations.isPending && <Loading what="Loading integrations" />}
      <ErrorMessage error={integrations.error} title="Could not load the integrations" />
      {integrations.data && integrations.data.length === 0 && (
        <p>
          No integrations yet. <Link to="/integrations/new">Create the first one</Link>.
        </p>
      )}
      {integrations.data && integrations.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Integrations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Destination</th>
              <th scope="col">Status</th>
              <th scope="col">Last run</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {integrations.data.map((integration) => {
              const lastRun = lastRunOf(integration);
              return (
                <tr key={integration.id}>
                  <th scope="row">
                    <Link to={`/integrations/${integration.id}`}>{integration.name}</Link>
                  </th>
                  <td>{destinationName(destinations.data, integration.destination)}</td>
                  <td>
                    {integration.status === 'CONNECTED' ? (
                      <span className="badge badge-ok">Connected</span>
                    ) : (
                      <span className="badge badge-warn">Not connected</span>
                    )}{' '}
                    {!integration.enabled && (
                      <>
                        <span className="badge badge-error">Disabled</span>
                        {integration.disabledReason && (
                          <div className="muted">{integration.disabledReason}</div>
                        )}
                      </>
                    )}
                  </td>
                  <td>
                    {lastRun ? (
                      <>
                        <Link to={`/runs/${lastRun.id}`}>
                          <span className={`badge ${RUN_BADGE[lastRun.status] ?? 'badge-neutral'}`}>
                            {lastRun.status}
                          </span>
                          <span className="visually-hidden"> run of {integration.name}</span>
                        </Link>
                        <div className="muted">{formatTime(lastRun.dtCreated)}</div>
                      </>
                    ) : (
                      <span className="muted">None yet</span>
                    )}
                  </td>
                  <td>
                    <div className="actions">
                      <Link to={`/integrations/${integration.id}`}>
                        Edit<span className="visually-hidden"> {integration.name}</span>
                      </Link>
                      <Link to={`/integrations/${integration.id}/check`}>
                        Check<span className="visually-hidden"> {integration.name}</span>
                      </Link>
                      <button
                        type="button"
                        className="secondary"
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate({ integration, enable: !integration.enabled })}
                      >
                        {integration.enabled ? 'Disable' : 'Enable'}
                        <span className="visually-hidden"> {integration.name}</span>
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={(event) => {
                          deleteTrigger.current = event.currentTarget;
                          remove.reset();
                          setToDelete(integration);
                        }}
                      >
                        Delete<span className="visually-hidden"> {integration.name}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title={`Delete ${toDelete?.name ?? 'integration'}?`}
        confirmLabel="Delete integration"
        busy={remove.isPending}
        onConfirm={() => toDelete && remove.mutate(toDelete)}
        onCancel={closeDelete}
      >
        <p>
          The integration and its configuration are removed. Bills are no longer reported through it. This
          cannot be undone.
        </p>
        <ErrorMessage error={remove.error} title="Could not delete the integration" />
      </ConfirmDialog>
    </>
  );
}
