import type { Account } from '../model/account.js';
import type { Bill } from '../model/bill.js';
import type { IntegrationConfig } from '../model/integration-config.js';
import type { SkipReason } from './reasons.js';

export type GateResult =
  | { outcome: 'PASS' }
  | { outcome: 'SKIPPED'; reason: SkipReason; message: string }
  | { outcome: 'ERROR'; reason: 'UNKNOWN_ACCOUNT'; message: string };

export interface GateInput {
  bill: Pick<Bill, 'id' | 'version' | 'accountId' | 'status'>;
  /** The stored account, or null when the hub has never seen it. */
  account: Account | null;
  integration: Pick<IntegrationConfig, 'accountIds' | 'restrictedAccountIds' | 'configData'>;
  /** Compiled `configData.accountFilter` (null when none); compile once per integration, not per bill. */
  accountFilter: AccountFilterPredicate | null;
  /** Highest version of this bill already processed for this integration, or null. */
  latestProcessedVersion: number | null;
}

/** A compiled account filter expression. */
export type AccountFilterPredicate = (account: Account) => boolean;

const PASS: GateResult = { outcome: 'PASS' };

/**
 * Steps 3 to 6 of domain.md "The pipeline", in order; the first that fails decides.
 * (Steps 1-2, disabled and not connected, are lifecycle states the host checks first.)
 */
export function checkGates(input: GateInput): GateResult {
  const { bill, account, integration } = input;

  // Deny wins over allow.
  if (integration.restrictedAccountIds.includes(bill.accountId)) {
    return {
      outcome: 'SKIPPED',
      reason: 'ACCOUNT_NOT_ALLOWED',
      message: `account ${bill.accountId} is restricted`,
    };
  }
  if (integration.accountIds.length > 0 && !integration.accountIds.includes(bill.accountId)) {
    return {
      outcome: 'SKIPPED',
      reason: 'ACCOUNT_NOT_ALLOWED',
      message: `account ${bill.accountId} is not in the integration's accountIds`,
    };
  }

  if (input.accountFilter) {
    // The filter reads account data; without the account it cannot be decided either way.
    if (!account) {
      return {
        outcome: 'ERROR',
        reason: 'UNKNOWN_ACCOUNT',
        message: `account ${bill.accountId} is unknown; post it (PUT /v1/accounts/{id} or "account" in the bill) so the account filter can be evaluated`,
      };
    }
    if (!input.accountFilter(account)) {
      return {
        outcome: 'SKIPPED',
        reason: 'ACCOUNT_FILTER',
        message: 'the account filter is false for this account',
      };
    }
  }

  if (integration.configData.sendBillOnApprovalOnly && bill.status !== 'APPROVED') {
    return { outcome: 'SKIPPED', reason: 'NOT_APPROVED', message: 'only approved bills are sent' };
  }

  if (input.latestProcessedVersion !== null && bill.version < input.latestProcessedVersion) {
    return {
      outcome: 'SKIPPED',
      reason: 'STALE_VERSION',
      message: `version ${bill.version} is older than version ${input.latestProcessedVersion}, already processed`,
    };
  }
  return PASS;
}
