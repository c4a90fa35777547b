import type { Queue } from 'bullmq';
import { JOB_CATALOG } from '../queue/catalog.js';
import { listEnabledSources } from '../repositories/sources.repository.js';
import type { HubServices } from '../services.js';

/** Job scheduler ids of the sources' schedules; any other scheduler on the queue is not ours. */
export const SOURCE_SCHEDULER_PREFIX = 'source.sync.v1-schedule-';

export const schedulerIdOf = (sourceId: string) => `${SOURCE_SCHEDULER_PREFIX}${sourceId}`;

/**
 * Makes the BullMQ job schedulers match the enabled sources in PostgreSQL (the truth): one
 * repeating `source.sync.v1` per enabled source of a loaded type, every `schedule_seconds`; a
 * scheduler whose source is gone, disabled or not loaded is removed. Run at worker start, by the
 * recovery sweep, and after each sync of a source (`only`), so Redis losing them costs one sweep.
 */
export async function reconcileSourceSchedules(
  services: HubServices,
  queue: Queue,
  only?: string,
): Promise<{ upserted: number; removed: number }> {
  const wanted = new Map(
    (await listEnabledSources(services.db))
      .filter((source) => services.sources.has(source.type) && (only === undefined || source.id === only))
      .map((source) => [schedulerIdOf(source.id), source]),
  );
  const existing = new Map<string, number | undefined>();
  if (only === undefined) {
    for (const scheduler of await queue.getJobSchedulers(0, -1)) {
      const id = scheduler.key ?? scheduler.id;
      if (id?.startsWith(SOURCE_SCHEDULER_PREFIX)) existing.set(id, scheduler.every ?? undefined);
    }
  } else {
    const scheduler = await queue.getJobScheduler(schedulerIdOf(only));
    if (scheduler) existing.set(schedulerIdOf(only), scheduler.every ?? undefined);
  }
  let removed = 0;
  for (const id of existing.keys()) {
    if (!wanted.has(id)) {
      if (await queue.removeJobScheduler(id)) removed++;
    }
  }
  let upserted = 0;
  for (const [id, source] of wanted) {
    const every = source.scheduleSeconds * 1000;
    if (existing.get(id) === every) continue;
    const data = JOB_CATALOG['source.sync.v1'].schema.parse({
      sourceId: source.id,
      trigger: 'SCHEDULE',
      slot: 'schedule',
    });
    await queue.upsertJobScheduler(id, { every }, { name: 'source.sync.v1', data });
    upserted++;
  }
  return { upserted, removed };
}
