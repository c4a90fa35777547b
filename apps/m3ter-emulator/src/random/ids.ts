/** Entity ids: UUIDs, as m3ter uses for every resource. */
import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}
