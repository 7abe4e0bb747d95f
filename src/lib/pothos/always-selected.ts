import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';

/**
 * Pothos plugin: exposed columns that a select-mode Prisma type always selects need no per-field
 * selection mapping.
 *
 * In select mode (`builder.prismaObject(Model, { select: {...} })`) the Prisma plugin gives every
 * `t.expose*` field a selection of its own column and wraps its resolver to look up, per field and
 * per row, how that column was loaded (`getLoaderMapping`), so a column missing from the row can be
 * fetched. For a column the type-level `select` lists, the row always has it: the lookup costs
 * CPU and garbage (path strings, WeakMap entries; ~9 ms and more GC per request for the nested
 * campaign query's 2,868 objects, see README Benchmarks) and can never find anything missing. This
 * plugin drops the field's own selection for those columns, so the plain expose resolver reads
 * the row. Columns not in the type-level select (large text such as a bio) keep the per-field
 * selection and are loaded only when asked for.
 *
 * The rule this relies on: a resolver that returns such a model without Pothos's `query` (a
 * mutation payload, a service result) returns whole rows, as the services here do, or at least
 * the type-level select's columns.
 */
export class AlwaysSelectedColumnsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const own = fieldConfig.extensions?.pothosPrismaSelect as Record<string, unknown> | undefined;
    if (fieldConfig.kind !== 'PrismaObject' || !own || typeof own !== 'object') return fieldConfig;
    const keys = Object.keys(own);
    if (keys.length !== 1 || own[keys[0]!] !== true) return fieldConfig;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const typeSelect = typeConfig.extensions?.pothosPrismaSelect as Record<string, unknown> | undefined;
    if (!typeSelect || typeof typeSelect !== 'object' || typeSelect[keys[0]!] !== true) return fieldConfig;
    const { pothosPrismaSelect: _dropped, ...extensions } = fieldConfig.extensions!;
    return { ...fieldConfig, extensions };
  }
}

const pluginName = 'alwaysSelectedColumns';
SchemaBuilder.registerPlugin(pluginName, AlwaysSelectedColumnsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      alwaysSelectedColumns: AlwaysSelectedColumnsPlugin<Types>;
    }
  }
}

export default pluginName;
