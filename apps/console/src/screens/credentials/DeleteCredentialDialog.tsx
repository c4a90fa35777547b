import { ApiError } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog.js';
import type { Integration } from '../integrations/integrations-api.js';

/** "Delete credential …?"; a refusal because it is still connected names the integrations to disconnect. */
export function DeleteCredentialDialog({
  open,
  credentialName,
  connected,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  credentialName: string;
  connected: Integration[];
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      open={open}
      title={`Delete credential ${credentialName}?`}
      confirmLabel="Delete credential"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>Its secret is erased. This cannot be undone.</p>
      {error instanceof ApiError && error.status === 409 ? (
        <div role="alert" className="alert alert-error">
          <strong>It is still connected to an integration.</strong>
          <p>
            Disconnect it first (or connect those integrations to another credential):{' '}
            {connected.map((integration) => integration.name).join(', ') || error.message}
          </p>
        </div>
      ) : (
        <ErrorMessage error={error} title="Could not delete the credential" />
      )}
    </ConfirmDialog>
  );
}
