import type { Context } from '../../context';

/** The request metadata a service records with a write (audit log). */
export const mutationMeta = (ctx: Context) => ({ requestId: ctx.requestId });

/**
 * Errors-plugin options for the mutations of a module: `payload('createThing', 'thing')` gives a
 * `CreateThingPayload` union of a `CreateThingSuccess` object (the result under `thing`) and the
 * module's error types.
 */
export function mutationPayloads<Types extends unknown[]>(types: Types) {
  return (mutation: string, dataField: string) => {
    const base = mutation[0]!.toUpperCase() + mutation.slice(1);
    return { types, union: { name: `${base}Payload` }, result: { name: `${base}Success` }, dataField: { name: dataField } };
  };
}
