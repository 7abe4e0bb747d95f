import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import TracingPlugin from '@pothos/plugin-tracing';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import AlwaysSelectedColumnsPlugin from './lib/pothos/always-selected';
import SyncGlobalIdsPlugin from './lib/pothos/sync-global-ids';
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Context } from './context';
import { getDatamodel } from './generated/pothos-types.ts';
import type PrismaTypes from './generated/pothos-types.ts';
import type { MembershipRole } from './generated/prisma/client.ts';
import { hasRole } from './lib/auth/viewer';
import { db } from './lib/db/client';
import { env } from './lib/env';
import { resolverTracing } from './lib/resolver-tracing';

export interface AuthScopes {
  /** Anyone, signed in or not: used on purpose and visible in the schema test. */
  public: boolean;
  signedIn: boolean;
  /** Signed in with an active organization and at least this role in it. */
  role: MembershipRole;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    Decimal: { Input: string; Output: string | { toFixed(): string } };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
}>({
  defaultFieldNullability: false,
  plugins: [
    // First, so a resolver span covers the work of every other plugin (auth, errors, loading).
    TracingPlugin,
    ScopeAuthPlugin,
    AlwaysSelectedColumnsPlugin,
    PrismaPlugin,
    RelayPlugin,
    ErrorsPlugin,
    ValidationPlugin,
    ComplexityPlugin,
    DataloaderPlugin,
    // Last: the innermost resolver wrapper (it replaces the node id resolvers it wraps).
    SyncGlobalIdsPlugin,
  ],
  tracing: resolverTracing(),
  scopeAuth: {
    // Type-level rules (the tenant check on every tenant-owned type) run once per object, when
    // the executor completes it (isTypeOf), instead of wrapping each of its fields with a cached
    // check: 13 ms of CPU less per nested campaign request (README Benchmarks). A refused object
    // is refused whole: one FORBIDDEN error at its path (test/type-scopes.test.ts).
    runScopesOnType: true,
    authScopes: (ctx) => ({
      public: true,
      signedIn: !!ctx.viewer,
      role: (role) => hasRole(ctx.viewer, role),
    }),
  },
  prisma: {
    // Resolved per request so the schema can be built before the database is connected.
    client: () => db(),
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    // A resolver that receives Pothos's `query` and ignores it would fall back to N+1 loading.
    onUnusedQuery: env().NODE_ENV === 'production' ? null : 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Every connection also has `nodes` (GitHub's and PostGraphile's convention): a client that
    // wants the rows and no cursors gets them without an edge object around each.
    nodesOnConnection: true,
    nodeQueryOptions: { authScopes: { public: true } },
    nodesQueryOptions: { authScopes: { public: true } },
  },
  errors: {
    defaultTypes: [],
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    // Bounds every operation: nesting depth, fields per selection, and estimated cost
    // (list fields multiply their children's cost by 10 unless they say otherwise).
    limit: { depth: 12, breadth: 200, complexity: 20_000 },
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('Date', DateResolver);
builder.addScalarType('JSON', JSONResolver);
builder.scalarType('Decimal', {
  description: 'An exact decimal number as a string, e.g. "1250.50". Money is never a float.',
  serialize: (value) => (typeof value === 'string' ? value : value.toFixed()),
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^-?\d{1,12}(\.\d{1,6})?$/.test(value)) {
      throw new TypeError('Decimal must be a string like "1250.50"');
    }
    return value;
  },
});
