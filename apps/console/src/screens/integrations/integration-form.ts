import {
  formatIssues,
  type LineItemType,
  OVER_REPORT_POLICIES,
  type OverReportPolicy,
  SPLIT_MODES,
  type SplitMode,
  ZIntegrationConfigBody,
} from '@hub/core';
import type { Detail } from '../../components/forms/issues.js';
import { formatList, parseList } from '../../components/forms/lists.js';
import type { Integration, IntegrationBody, SavedIntegration } from './integrations-api.js';

export type { Integration, IntegrationBody, SavedIntegration };

export { OVER_REPORT_POLICIES, SPLIT_MODES };

/** The form as typed: lists and numbers stay text until the body is built. */
export interface IntegrationForm {
  name: string;
  destination: string;
  enabled: boolean;
  accountIds: string;
  restrictedAccountIds: string;
  disabledNotificationEmails: string;
  sendBillOnApprovalOnly: boolean;
  useExternalMappingAccountCode: boolean;
  excludedLineItemTypes: LineItemType[];
  accountFilter: string;
  enforceExternalMappingsForConfig: boolean;
  excludedProductIds: string;
  excludedAggregationIds: string;
  splitUsageLineItems: SplitMode;
  marketplaceBillDimension: string;
  unitPrice: string;
  currency: string;
  quantityDecimalPlaces: string;
  overReportPolicy: OverReportPolicy;
}

export const EMPTY_FORM: IntegrationForm = {
  name: '',
  destination: '',
  enabled: true,
  accountIds: '',
  restrictedAccountIds: '',
  disabledNotificationEmails: '',
  sendBillOnApprovalOnly: false,
  useExternalMappingAccountCode: false,
  excludedLineItemTypes: [],
  accountFilter: '',
  enforceExternalMappingsForConfig: false,
  excludedProductIds: '',
  excludedAggregationIds: '',
  splitUsageLineItems: 'ITEM_PER_BILL',
  marketplaceBillDimension: '',
  unitPrice: '0.01',
  currency: 'USD',
  quantityDecimalPlaces: '0',
  overReportPolicy: 'CARRY_FORWARD',
};

export function formFromIntegration(integration: Omit<Integration, 'lastRun'>): IntegrationForm {
  const config = integration.configData;
  return {
    name: integration.name,
    destination: integration.destination,
    enabled: integration.enabled,
    accountIds: formatList(integration.accountIds),
    restrictedAccountIds: formatList(integration.restrictedAccountIds),
    disabledNotificationEmails: formatList(integration.disabledNotificationEmails),
    sendBillOnApprovalOnly: config.sendBillOnApprovalOnly,
    useExternalMappingAccountCode: config.useExternalMappingAccountCode,
    excludedLineItemTypes: [...config.excludedLineItemTypes],
    accountFilter: config.accountFilter ?? '',
    enforceExternalMappingsForConfig: config.enforceExternalMappingsForConfig,
    excludedProductIds: formatList(config.excludedProductIds),
    excludedAggregationIds: formatList(config.excludedAggregationIds),
    splitUsageLineItems: config.splitUsageLineItems,
    marketplaceBillDimension: config.marketplaceBillDimension ?? '',
    unitPrice: config.unitPrice,
    currency: config.currency,
    quantityDecimalPlaces: String(config.quantityDecimalPlaces),
    overReportPolicy: config.overReportPolicy,
  };
}

/** The request body (POST; PUT adds `version` and leaves `enabled` to the enable/disable buttons). */
export function bodyFromForm(form: IntegrationForm, mode: 'create' | 'edit'): IntegrationBody {
  const places = form.quantityDecimalPlaces.trim();
  return {
    name: form.name,
    destination: form.destination,
    entityType: 'Bill',
    ...(mode === 'create' ? { enabled: form.enabled } : {}),
    accountIds: parseList(form.accountIds),
    restrictedAccountIds: parseList(form.restrictedAccountIds),
    disabledNotificationEmails: parseList(form.disabledNotificationEmails),
    configData: {
      sendBillOnApprovalOnly: form.sendBillOnApprovalOnly,
      useExternalMappingAccountCode: form.useExternalMappingAccountCode,
      excludedLineItemTypes: form.excludedLineItemTypes,
      accountFilter: form.accountFilter.trim() === '' ? null : form.accountFilter,
      enforceExternalMappingsForConfig: form.enforceExternalMappingsForConfig,
      excludedProductIds: parseList(form.excludedProductIds),
      excludedAggregationIds: parseList(form.excludedAggregationIds),
      splitUsageLineItems: form.splitUsageLineItems,
      // Only read in ITEM_PER_BILL mode; the field is hidden otherwise.
      marketplaceBillDimension:
        form.splitUsageLineItems === 'ITEM_PER_BILL' ? form.marketplaceBillDimension.trim() || null : null,
      unitPrice: form.unitPrice.trim(),
      currency: form.currency,
      quantityDecimalPlaces: places === '' ? Number.NaN : Number(places),
      overReportPolicy: form.overReportPolicy,
    },
  };
}

/** The form's fields by the path zod and the hub name them. */
export const FIELD_PATHS = [
  'name',
  'destination',
  'enabled',
  'accountIds',
  'restrictedAccountIds',
  'disabledNotificationEmails',
  'configData.sendBillOnApprovalOnly',
  'configData.useExternalMappingAccountCode',
  'configData.excludedLineItemTypes',
  'configData.accountFilter',
  'configData.enforceExternalMappingsForConfig',
  'configData.excludedProductIds',
  'configData.excludedAggregationIds',
  'configData.splitUsageLineItems',
  'configData.marketplaceBillDimension',
  'configData.unitPrice',
  'configData.currency',
  'configData.quantityDecimalPlaces',
  'configData.overReportPolicy',
] as const;

/** The id of a field's input: `configData.unitPrice` → `field-unitPrice`. */
export function inputIdOf(path: string): string {
  return `field-${path.replace(/^configData\./, '')}`;
}

/**
 * The server's own schema (`ZIntegrationConfigBody` from @hub/core), run in the browser before
 * sending, plus the destination's quantity limit. Same paths as the hub's 400 details.
 */
export function validateForm(body: IntegrationBody, maxPlaces: number, destinationName: string): Detail[] {
  const parsed = ZIntegrationConfigBody.safeParse(body);
  const details = parsed.success ? [] : formatIssues(parsed.error);
  const places = body.configData.quantityDecimalPlaces;
  if (
    typeof places === 'number' &&
    Number.isInteger(places) &&
    places > maxPlaces &&
    !details.some((detail) => detail.path === 'configData.quantityDecimalPlaces')
  ) {
    details.push({
      path: 'configData.quantityDecimalPlaces',
      message:
        maxPlaces === 0
          ? `${destinationName} takes whole quantities only: must be 0`
          : `${destinationName} takes at most ${maxPlaces} decimal places`,
    });
  }
  if (body.destination === '' && !details.some((detail) => detail.path === 'destination')) {
    details.push({ path: 'destination', message: 'choose a destination' });
  }
  return details.map((detail) =>
    detail.path === 'destination' && body.destination === ''
      ? { ...detail, message: 'choose a destination' }
      : detail,
  );
}
