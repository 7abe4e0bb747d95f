import SchemaBuilder, { BasePlugin, isThenable, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';

/**
 * Pothos plugin: a node's `id` field answers synchronously when its raw id does.
 *
 * The relay plugin builds every node's `id` with `t.globalID`, whose resolver is an `async`
 * function: each `id` in a response is a promise, even though the raw id is a column of the row
 * already loaded. graphql-js then completes every such object asynchronously (a promise per
 * object and per field set, microtasks to settle them). For the nested campaign query (2,026
 * nodes) that was ~2,000 promises per request (README Benchmarks). This plugin resolves the same
 * global id (`encodeGlobalID(type, String(rawId))`, as the relay plugin does without a custom
 * `encodeGlobalID` setting) without the promise; a raw id that is itself a promise is encoded when
 * it settles. test/schema.test.ts checks every node type's id against the relay encoding.
 *
 * It must be the last plugin of the builder (the innermost resolver wrapper), so every other
 * plugin's wrapper (auth, tracing) still wraps the replaced resolver.
 */
export class SyncGlobalIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const relay = this.builder.options.relay as { idFieldName?: string; encodeGlobalID?: unknown } | undefined;
    if (relay?.encodeGlobalID || fieldConfig.name !== (relay?.idFieldName ?? 'id')) return resolver;
    if (fieldConfig.kind !== 'Object' && fieldConfig.kind !== 'PrismaObject') return resolver;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    if (typeConfig.kind !== 'Object' || !typeConfig.interfaces.some((i) => this.buildCache.getTypeConfig(i).name === 'Node')) {
      return resolver;
    }
    const rawId = (typeConfig.pothosOptions as { id?: { resolve?: unknown } }).id?.resolve;
    if (typeof rawId !== 'function') return resolver;
    const typeName = typeConfig.name;
    // The relay plugin's encoding: `encodeGlobalID(type, String(rawId))`, a raw id of null included.
    // That is base64 of the UTF-8 of `${type}:${id}`; for ASCII (type names always, our UUIDs
    // too) btoa gives the same text about three times faster than the Buffer it goes through.
    const prefix = `${typeName}:`;
    const encode = (id: unknown) => {
      const text = prefix + String(id);
      return ASCII.test(text) ? btoa(text) : encodeGlobalID(typeName, String(id));
    };
    return (parent, args, context, info) => {
      const id = rawId(parent, args, context, info);
      return isThenable(id) ? id.then(encode) : encode(id);
    };
  }
}

const ASCII = /^[\x00-\x7f]*$/;

const pluginName = 'syncGlobalIds';
SchemaBuilder.registerPlugin(pluginName, SyncGlobalIdsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      syncGlobalIds: SyncGlobalIdsPlugin<Types>;
    }
  }
}

export default pluginName;
