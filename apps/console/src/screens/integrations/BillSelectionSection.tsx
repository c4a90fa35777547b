import { CheckboxField, TextField } from '../../components/forms/Field.js';
import { AccountFilterField } from './AccountFilterField.js';
import { inputIdOf } from './integration-form.js';
import type { FormSectionProps } from './use-integration-form.js';

/** Which bills are sent: on approval only, the account allow and deny lists, the account filter. */
export function BillSelectionSection({ form, set, errorOf }: FormSectionProps) {
  return (
    <fieldset>
      <legend>Which bills are sent</legend>
      <CheckboxField
        id={inputIdOf('configData.sendBillOnApprovalOnly')}
        label="Only send bills on approval"
        help="Only bills with status APPROVED are sent; otherwise every new bill version is sent."
        checked={form.sendBillOnApprovalOnly}
        onChange={set('sendBillOnApprovalOnly')}
        error={errorOf('configData.sendBillOnApprovalOnly')}
      />
      <TextField
        id={inputIdOf('accountIds')}
        label="Account ids"
        help="Allow list: one per line or comma separated. Empty: all accounts."
        multiline
        rows={3}
        spellCheck={false}
        value={form.accountIds}
        onChange={set('accountIds')}
        error={errorOf('accountIds')}
      />
      <TextField
        id={inputIdOf('restrictedAccountIds')}
        label="Restricted account ids"
        help="Deny list: one per line or comma separated. An account on both lists is denied (deny wins)."
        multiline
        rows={3}
        spellCheck={false}
        value={form.restrictedAccountIds}
        onChange={set('restrictedAccountIds')}
        error={errorOf('restrictedAccountIds')}
      />
      <AccountFilterField
        id={inputIdOf('configData.accountFilter')}
        value={form.accountFilter}
        onChange={set('accountFilter')}
        error={errorOf('configData.accountFilter')}
      />
    </fieldset>
  );
}
