import { describe, expect, it } from '@jest/globals';
import { execute, GraphQLObjectType, GraphQLSchema, isObjectType, parse, type GraphQLOutputType } from 'graphql';
import type { Context } from '../src/context';
import type { Viewer } from '../src/lib/auth/viewer';
import { schema } from '../src/schema';

/**
 * The type-level tenant rule (`authScopes: inTenant` on every tenant-owned type) runs once per
 * object, when the executor completes it (scope-auth `runScopesOnType`, src/builder.ts), not on
 * each of its fields. The services' tenant filter means no real path hands out another
 * organization's row, so this drives the rule directly: a field that returns a row as it is,
 * placed above the real types.
 */
const ORG = '00000000-0000-4000-8000-00000000000a';
const OTHER_ORG = '00000000-0000-4000-8000-00000000000b';

function returning(typeName: string, row: Record<string, unknown>) {
  const type = schema.getType(typeName) as GraphQLOutputType;
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { row: { type, resolve: () => row } },
    }),
  });
}

function contextOf(organizationId: string | null, role: Viewer['role']): Context {
  return { requestId: 'type-scopes-test', viewer: { userId: 'u1', organizationId, role } };
}

const tenantTypes: Array<[string, Record<string, unknown>, string]> = [
  // Select-mode types: only columns of their type-level select (others would be loaded from the database).
  ['CampaignWizard', { id: 'c1', name: 'Spring launch' }, '{ row { id } }'],
  ['CampaignInfluencer', { id: 'ci1', status: 'INVITED' }, '{ row { id status } }'],
  ['CreativeAsset', { id: 'a1', name: 'Hero video', type: 'VIDEO', url: 'https://cdn.example.com/a1.mp4' }, '{ row { name url } }'],
  ['CampaignContact', { id: 'k1', name: 'Ana', email: 'ana@example.com', phone: null, role: 'PRIMARY' }, '{ row { name } }'],
  ['BrandLiftStudy', { id: 's1', name: 'Lift', status: 'DRAFT' }, '{ row { name status } }'],
];

describe('type-level tenant rule, once per object', () => {
  it.each(tenantTypes)('%s: a row of the viewer’s organization resolves', async (typeName, row, query) => {
    const result = await execute({
      schema: returning(typeName, { ...row, organizationId: ORG }),
      document: parse(query),
      contextValue: contextOf(ORG, 'VIEWER'),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.row).toBeTruthy();
  });

  it.each(tenantTypes)('%s: another organization’s row is refused whole, not field by field', async (typeName, row, query) => {
    const result = await execute({
      schema: returning(typeName, { ...row, organizationId: OTHER_ORG }),
      document: parse(query),
      contextValue: contextOf(ORG, 'OWNER'),
    });
    expect(result.data).toEqual({ row: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.path).toEqual(['row']);
    expect(result.errors![0]!.originalError).toMatchObject({ code: 'FORBIDDEN' });
  });

  it.each(tenantTypes)('%s: a viewer without an organization is refused', async (typeName, row, query) => {
    const result = await execute({
      schema: returning(typeName, { ...row, organizationId: ORG }),
      document: parse(query),
      contextValue: contextOf(null, null),
    });
    expect(result.data).toEqual({ row: null });
    expect(result.errors![0]!.originalError).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('every object type with a type-level rule checks it when completing an object', () => {
    const ruled = Object.values(schema.getTypeMap()).filter(
      (t) => isObjectType(t) && !t.name.startsWith('__') && (t.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes,
    );
    expect(ruled.length).toBeGreaterThanOrEqual(tenantTypes.length);
    for (const type of ruled) expect([type.name, typeof (type as GraphQLObjectType).isTypeOf]).toEqual([type.name, 'function']);
  });
});
