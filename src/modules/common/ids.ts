import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../../lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its text form (any case): checked before a value reaches a uuid column, where PostgreSQL would reject it with an error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A global id of the expected type from a mutation input, or a ValidationError on that input field. */
export function decodeInputId(value: string | number, typename: string, field: string): string {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(String(value));
  } catch {
    decoded = null;
  }
  if (!decoded || decoded.typename !== typename || !isUuid(decoded.id)) {
    throw new ValidationError('Invalid id', [{ path: ['input', field], message: `must be a ${typename} id` }]);
  }
  return decoded.id;
}
