import { validationFailed } from '../http/errors.js';
import { type Cursor, decodeCursor } from '../http/pagination.js';
import { isUuid } from '../repositories/integrations.repository.js';

const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 31);

/**
 * Decodes a newest-first keyset cursor over (timestamp, uuid). A token is opaque but not trusted:
 * an id that isn't a UUID or a time Postgres can't hold would otherwise reach SQL as a 500.
 */
export function readUuidCursor(token: string | undefined): Cursor | null {
  const cursor = decodeCursor(token);
  if (!cursor) return null;
  const time = Date.parse(cursor.t);
  if (!isUuid(cursor.id) || !(time >= MIN_TIME && time <= MAX_TIME)) {
    throw validationFailed('nextToken is not a token this API returned', [
      { path: 'nextToken', message: 'unknown token' },
    ]);
  }
  return cursor;
}
