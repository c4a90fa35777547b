import { randomUUID } from 'node:crypto';
import {
  type BillSource,
  type BillSourceClient,
  formatIssues,
  type ValidationDetail,
  type VerifyResult,
} from '@hub/core';
import type { SourceRow } from '../db/database.js';
import { conflict, notFound, validationFailed } from '../http/errors.js';
import type { SourceRegistry } from '../plugins/load-plugins.js';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import {
  type BackfillRequest,
  insertQueuedSync,
  type StoredSync,
  type SyncTrigger,
} from '../repositories/source-syncs.repository.js';
import {
  deleteSource,
  findSourceRow,
  insertSource,
  newWebhookToken,
  openSourceCredential,
  type StoredSource,
  setWebhookTokenHash,
  toSource,
  updateSource,
} from '../repositories/sources.repository.js';
import type { HubServices } from '../services.js';

/** Seconds between scheduled syncs: at least this, and this when not given. */
export const MIN_SCHEDULE_SECONDS = 30;
export const DEFAULT_SCHEDULE_SECONDS = 300;

export interface SourceInput {
  type: string;
  name: string;
  settings: unknown;
  credential: unknown;
  schedule?: number | undefined;
  enabled?: boolean | undefined;
  webhookSecret?: string | null | undefined;
  notificationEmails?: string[] | undefined;
}

export interface ReplaceSourceInput extends Omit<SourceInput, 'credential'> {
  credential?: unknown;
  version: number;
}

export function unknownTypeDetail(sources: SourceRegistry): ValidationDetail {
  const known = [...sources.keys()];
  return {
    path: 'type',
    message: known.length
      ? `must be one of the loaded sources: ${known.join(', ')}`
      : 'no source plugin is loaded in this hub',
  };
}

/**
 * The source-specific checks of a body: a loaded `type`, `settings` by the source's settings schema,
 * `credential` by its credential schema (when given). Each issue names its field.
 */
export function sourceBodyIssues(
  sources: SourceRegistry,
  body: { type?: unknown; settings?: unknown; credential?: unknown },
  options: { credentialRequired: boolean },
):
  | {
      ok: true;
      source: BillSource<Record<string, unknown>, Record<string, unknown>>;
      settings: Record<string, unknown>;
      credential: Record<string, unknown> | undefined;
    }
  | { ok: false; details: ValidationDetail[] } {
  const source = typeof body.type === 'string' ? sources.get(body.type) : undefined;
  if (!source) return { ok: false, details: [unknownTypeDetail(sources)] };
  const details: ValidationDetail[] = [];
  const settings = source.settings.safeParse(body.settings ?? {});
  if (!settings.success) details.push(...formatIssues(settings.error, ['settings']));
  let credential: Record<string, unknown> | undefined;
  if (body.credential !== undefined || options.credentialRequired) {
    const parsed = source.credential.schema.safeParse(body.credential);
    if (parsed.success) credential = parsed.data;
    // Never the value in a message: a credential's fields may be secrets.
    else details.push(...formatIssues(parsed.error, ['credential']).map(withoutValues));
  }
  if (details.length > 0 || !settings.success) return { ok: false, details };
  return { ok: true, source, settings: settings.data, credential };
}

/** zod messages do not quote received values for the checks sources use; this is belt and braces. */
function withoutValues(detail: ValidationDetail): ValidationDetail {
  return { path: detail.path, message: detail.message.replace(/received .*/i, 'received an invalid value') };
}

function describe(details: ValidationDetail[]): string {
  return `invalid source: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`;
}

export function webhookPath(id: string, token: string): string {
  return `/v1/sources/${id}/webhook?token=${encodeURIComponent(token)}`;
}

/** A sync job for a source, written in the caller's transaction (the outbox relays it). */
export async function enqueueSourceSync(
  db: Parameters<typeof enqueueInTransaction>[0],
  sourceId: string,
  trigger: SyncTrigger,
  slot: string = randomUUID(),
): Promise<void> {
  await enqueueInTransaction(db, 'source.sync.v1', { sourceId, trigger, slot });
}

export async function createSource(
  services: HubServices,
  orgId: string,
  body: SourceInput,
): Promise<{ source: StoredSource; webhookToken: string | null }> {
  const checked = sourceBodyIssues(services.sources, body, { credentialRequired: true });
  if (!checked.ok) throw validationFailed(describe(checked.details), checked.details);
  const token = newWebhookToken();
  const source = await services.db.transaction().execute(async (trx) => {
    const created = await insertSource(trx, services.secretBox, {
      orgId,
      type: checked.source.id,
      name: body.name,
      settings: checked.settings,
      credential: checked.credential ?? {},
      secretFields: checked.source.credential.secretFields,
      scheduleSeconds: body.schedule ?? DEFAULT_SCHEDULE_SECONDS,
      enabled: body.enabled ?? true,
      notificationEmails: body.notificationEmails ?? [],
      webhookSecret: body.webhookSecret ?? null,
      webhookTokenHash: token.hash,
    });
    // The first sync starts the change feed "from now" and puts the source on its schedule.
    if (created.enabled) await enqueueSourceSync(trx, created.id, 'SCHEDULE', `created-${created.version}`);
    return created;
  });
  services.notifyOutbox();
  return { source, webhookToken: checked.source.webhookBillIds ? token.token : null };
}

export async function replaceSource(
  services: HubServices,
  orgId: string,
  id: string,
  body: ReplaceSourceInput,
): Promise<StoredSource> {
  const updated = await services.db.transaction().execute(async (trx) => {
    const current = await findSourceRow(trx, orgId, id);
    if (!current) throw notFound('source', id);
    if (body.type !== current.type) {
      throw validationFailed(`a source's type cannot change (it is ${current.type})`, [
        { path: 'type', message: `must stay ${current.type}: create another source for another type` },
      ]);
    }
    const checked = sourceBodyIssues(services.sources, body, { credentialRequired: false });
    if (!checked.ok) throw validationFailed(describe(checked.details), checked.details);
    if (current.version !== body.version) {
      throw conflict(
        `source ${id} was changed meanwhile: version ${body.version} is stale, the current version is ${current.version}`,
      );
    }
    const enabled = body.enabled ?? current.enabled;
    const result = await updateSource(trx, services.secretBox, orgId, id, body.version, {
      name: body.name,
      settings: checked.settings,
      scheduleSeconds: body.schedule ?? current.schedule_seconds,
      enabled,
      notificationEmails: body.notificationEmails ?? current.notification_emails,
      credential: checked.credential
        ? { values: checked.credential, secretFields: checked.source.credential.secretFields }
        : undefined,
      webhookSecret: body.webhookSecret,
      // Re-enabling (or a new credential) starts the failure count again.
      resetFailures: (enabled && !current.enabled) || checked.credential !== undefined,
    });
    if (!result) throw conflict(`source ${id} was changed meanwhile; read it again`);
    // A sync applies the new settings at once and reconciles the schedule with them.
    if (result.enabled) await enqueueSourceSync(trx, id, 'SCHEDULE', `changed-${result.version}`);
    return result;
  });
  services.notifyOutbox();
  return updated;
}

export async function removeSource(services: HubServices, orgId: string, id: string): Promise<void> {
  if (!(await deleteSource(services.db, orgId, id))) throw notFound('source', id);
}

export async function rotateWebhookToken(
  services: HubServices,
  orgId: string,
  id: string,
): Promise<{ source: StoredSource; webhookToken: string }> {
  const row = await findSourceRow(services.db, orgId, id);
  if (!row) throw notFound('source', id);
  if (!services.sources.get(row.type)?.webhookBillIds) {
    throw validationFailed(`source type ${row.type} offers no webhook`, [
      { path: 'type', message: `${row.type} offers no webhook` },
    ]);
  }
  const token = newWebhookToken();
  if (!(await setWebhookTokenHash(services.db, orgId, id, token.hash))) throw notFound('source', id);
  return { source: toSource(row), webhookToken: token.token };
}

/** A client for a stored source (the caller closes it). */
export function sourceClient(
  services: HubServices,
  plugin: BillSource<any, any>,
  row: SourceRow,
): BillSourceClient {
  return plugin.createClient({
    credential: openSourceCredential(services.secretBox, row),
    settings: row.settings,
    endpoints: services.adapterEndpoints.get(plugin.id) ?? {},
    now: services.now,
  });
}

/** The source's `verifyCredential`, with the credential's secrets scrubbed from whatever comes back. */
export async function verifySource(services: HubServices, orgId: string, id: string): Promise<VerifyResult> {
  const row = await findSourceRow(services.db, orgId, id);
  if (!row) throw notFound('source', id);
  const plugin = services.sources.get(row.type);
  if (!plugin) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_SOURCE', message: `no source plugin ${row.type} is loaded` },
    };
  }
  const values = openSourceCredential(services.secretBox, row);
  const secrets = plugin.credential.secretFields
    .map((field) => values[field])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);
  let client: BillSourceClient | undefined;
  let result: VerifyResult;
  try {
    client = sourceClient(services, plugin, row);
    result = await client.verifyCredential();
  } catch (error) {
    result = {
      ok: false,
      error: {
        code: 'VERIFY_FAILED',
        message: error instanceof Error ? error.message : 'could not be verified',
      },
    };
  } finally {
    await client?.close().catch(() => {});
  }
  if (result.ok) return { ok: true };
  return { ok: false, error: { code: scrub(result.error.code), message: scrub(result.error.message) } };
}

/** Asks for a sync now (with a backfill when given): the sync record answers at once, QUEUED. */
export async function requestSync(
  services: HubServices,
  orgId: string,
  id: string,
  backfill: BackfillRequest | null,
): Promise<StoredSync> {
  const sync = await services.db.transaction().execute(async (trx) => {
    const row = await findSourceRow(trx, orgId, id);
    if (!row) throw notFound('source', id);
    if (!row.enabled) {
      throw conflict(
        `source ${id} is disabled${row.disabled_reason ? ` (${row.disabled_reason})` : ''}; enable it first`,
      );
    }
    const trigger: SyncTrigger = backfill ? 'BACKFILL' : 'MANUAL';
    const queued = await insertQueuedSync(trx, { orgId, sourceId: id, trigger, backfill });
    await enqueueSourceSync(trx, id, trigger, queued.id);
    return queued;
  });
  services.notifyOutbox();
  return sync;
}
