import { ValidationError } from '../../lib/errors';
import { isUuid } from './ids';

/**
 * Opaque keyset cursors: base64url JSON of the ordering they belong to, the row's sort key (as
 * the exact text PostgreSQL produced, so no float round trip can move a row across a page
 * boundary) and its id (the tie-breaker that makes every ordering total).
 */
export interface KeysetCursor {
  order: string;
  key: string;
  id: string;
}

/** Sort keys are integers or decimals (follower counts, rates, scores, ranks rounded in SQL). */
const NUMERIC = /^-?\d{1,15}(\.\d{1,15})?$/;

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.order, cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor for `order`; anything else is the client's mistake. */
export function decodeCursor(value: string, order: string, argName: string): KeysetCursor {
  const invalid = (why: string) =>
    new ValidationError(`Invalid cursor: ${why}`, [{ path: [argName], message: `Invalid cursor: ${why}` }]);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(value)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor of this list');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string')) {
    throw invalid('not a cursor of this list');
  }
  const [cursorOrder, key, id] = parsed as [string, string, string];
  if (!NUMERIC.test(key) || !isUuid(id)) throw invalid('not a cursor of this list');
  if (cursorOrder !== order) throw invalid(`it belongs to ordering ${cursorOrder}, not ${order}`);
  return { order, key, id };
}
