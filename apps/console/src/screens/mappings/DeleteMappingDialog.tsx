import { ErrorMessage } from '../../components/ErrorMessage.js';
import { ConfirmDialog } from '../../components/forms/ConfirmDialog.js';
import type { MappingDeletion } from './use-delete-mapping.js';

/** "Delete this mapping?", saying what stops working without it. */
export function DeleteMappingDialog({ deletion }: { deletion: MappingDeletion }) {
  const { toDelete } = deletion;
  return (
    <ConfirmDialog
      open={toDelete !== null}
      title="Delete this mapping?"
      confirmLabel="Delete mapping"
      busy={deletion.pending}
      onConfirm={deletion.confirm}
      onCancel={deletion.cancel}
    >
      {toDelete && (
        <p>
          {toDelete.m3terEntity} <code>{toDelete.m3terId}</code> → <code>{toDelete.externalId}</code>. Bills
          that need it end with a missing-mapping error until it is mapped again.
        </p>
      )}
      <ErrorMessage error={deletion.error} title="Could not delete the mapping" />
    </ConfirmDialog>
  );
}
