import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { schema } from '../src/schema';
import { printSchemaFile } from '../src/schema-print';

describe('schema artifacts', () => {
  it('schema.graphql is what the code builds (run `npm run schema:print` after changing types)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaFile());
  });
});

describe('auth declared on every root field', () => {
  const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  const fields = rootTypes.flatMap((type) =>
    type && isObjectType(type) ? Object.values(type.getFields()).map((f) => [`${type.name}.${f.name}`, f] as const) : [],
  );

  it('has root fields to check', () => {
    expect(fields.length).toBeGreaterThan(0);
  });

  it.each(fields)('%s declares authScopes (public fields say so)', (_name, field) => {
    const options = (field.extensions?.pothosOptions ?? {}) as { authScopes?: unknown };
    expect(options.authScopes).toBeDefined();
  });
});

describe('node ids', () => {
  const nodeTypes = Object.values(schema.getTypeMap()).filter(
    (t): t is GraphQLObjectType => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'),
  );

  it('has node types to check', () => {
    expect(nodeTypes.length).toBeGreaterThan(5);
  });

  // src/lib/pothos/sync-global-ids.ts: the relay encoding, and a value rather than a promise (the
  // nested campaign query's CPU depends on it; a Pothos upgrade could switch the plugin off).
  it.each(nodeTypes.map((t) => [t.name, t] as const))('%s.id is the relay global id, resolved without a promise', (name, type) => {
    const id = randomUUID();
    const info = { parentType: type, fieldName: 'id', path: { prev: undefined, key: 'id', typename: name } } as unknown as GraphQLResolveInfo;
    const resolve = type.getFields().id!.resolve!;
    const context = { requestId: 'schema-test', viewer: null };
    expect(resolve({ id }, {}, context, info)).toBe(encodeGlobalID(name, id));
    // Raw ids outside ASCII take the relay plugin's own (UTF-8) path, not the btoa shortcut.
    for (const raw of ['café-ñ', '创作者', 'x\u0080y']) expect(resolve({ id: raw }, {}, context, info)).toBe(encodeGlobalID(name, raw));
  });
});
