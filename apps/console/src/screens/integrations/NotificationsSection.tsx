import { TextField } from '../../components/forms/Field.js';
import { inputIdOf } from './integration-form.js';
import type { FormSectionProps } from './use-integration-form.js';

/** Who hears about it when the hub disables this integration. */
export function NotificationsSection({ form, set, errorOf }: FormSectionProps) {
  return (
    <fieldset>
      <legend>Notifications</legend>
      <TextField
        id={inputIdOf('disabledNotificationEmails')}
        label="Disabled-notification emails"
        help="Who is emailed when the hub disables this integration (e.g. after repeated authentication failures). One per line or comma separated."
        multiline
        rows={2}
        spellCheck={false}
        value={form.disabledNotificationEmails}
        onChange={set('disabledNotificationEmails')}
        error={errorOf('disabledNotificationEmails')}
      />
    </fieldset>
  );
}
