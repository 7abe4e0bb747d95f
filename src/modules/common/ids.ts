import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../../lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its text form (any case): checked before a value reaches a uuid column, where PostgreSQL would reject it with an error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The UUID of a global id of the expected type, or null (another type, not a global id, not a UUID). */
export function decodeId(value: string | number, typename: string): string | null {
  try {
    const decoded = decodeGlobalID(String(value));
    return decoded.typename === typename && isUuid(decoded.id) ? decoded.id : null;
  } catch {
    return null;
  }
}

/** A global id of the expected type from a mutation input, or a ValidationError on that input field. */
export function decodeInputId(value: string | number, typename: string, field: string): string {
  const id = decodeId(value, typename);
  if (id === null) throw new ValidationError('Invalid id', [{ path: ['input', field], message: `must be a ${typename} id` }]);
  return id;
}
