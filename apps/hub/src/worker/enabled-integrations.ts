import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * Usage of a disabled integration is kept, not sent: it goes out when the integration is enabled
 * again (`reactivateIntegration` queues a submission then).
 */
export const enabledIntegrations = (eb: ExpressionBuilder<Database, keyof Database>) =>
  eb.selectFrom('integrations').select('integrations.id').where('integrations.enabled', '=', true);
