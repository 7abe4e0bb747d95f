import { decodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../../lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A global id of the expected type from a mutation input, or a ValidationError on that input field. */
export function decodeInputId(value: string | number, typename: string, field: string): string {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(String(value));
  } catch {
    decoded = null;
  }
  if (!decoded || decoded.typename !== typename || !UUID.test(decoded.id)) {
    throw new ValidationError('Invalid id', [{ path: ['input', field], message: `must be a ${typename} id` }]);
  }
  return decoded.id;
}
