import { trace, type Span } from '@opentelemetry/api';
import { isEnumField, isExposedField, isRootField, isScalarField } from '@pothos/plugin-tracing';
import { createOpenTelemetryWrapper } from '@pothos/tracing-opentelemetry';
import type { PothosOutputFieldConfig, SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { markSpanFailed, tracer, tracingActive } from './telemetry';

/**
 * Resolver spans through @pothos/plugin-tracing and @pothos/tracing-opentelemetry (README:
 * Observability), for the fields whose resolvers do work: every root field, and fields that
 * return objects through a resolver of their own (service calls, aggregates, loaders). Not traced:
 * scalar and enum fields, exposed fields, connections and edges (the Relay plumbing that hands on
 * rows already loaded), mutation results (`...Success`), error types, and Prisma relation fields,
 * which the parent's query loads (a fallback query of theirs still gets its SQL span). A span per such field and row would multiply the cost of a
 * page of 100 rows for nothing.
 *
 * Spans are named `<ParentType>.<field>` and carry the field name, path and type. Never the
 * arguments (`includeArgs`) or the selection (`includeSource`, which prints literal arguments).
 * Off, the wrapped resolvers check one boolean and call straight through.
 */

/** Types that only hand on what their parent resolved: connections, edges, mutation results, errors. */
const PLUMBING = /(Connection|Edge|PageInfo|Success|Error)$/;

/** Fields wrapped at schema build, `Type.field` (for the test that keeps the selection honest). */
export const tracedFields = new Set<string>();

export function shouldTrace<Types extends SchemaTypes>(config: PothosOutputFieldConfig<Types>): boolean {
  if (isRootField(config)) return true;
  if (PLUMBING.test(config.parentType)) return false;
  if (isScalarField(config) || isEnumField(config) || isExposedField(config)) return false;
  // Prisma relations are loaded by the parent's query (its SQL spans sit under the parent's span).
  if (config.extensions?.pothosPrismaRelationField) return false;
  return true;
}

const createSpan = createOpenTelemetryWrapper<boolean>(tracer, {
  includeArgs: false,
  includeSource: false,
  // No span.recordException: it would store the error's message and stack trace, and database
  // errors quote values (README: "never in a span"). markFailure sets the status instead.
  ignoreError: true,
  onSpan: (span, _options, _parent, _args, _context, info) => {
    span.updateName(`${info.parentType.name}.${info.fieldName}`);
  },
});

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], Record<string, unknown>>;

function markFailure(span: Span | undefined, error: unknown): void {
  if (span) markSpanFailed(span, error);
}

/** The resolver, marking the span active when it runs (the resolver's own) as failed when it throws or rejects. */
function markingFailures<Types extends SchemaTypes>(resolver: Resolver<Types>): Resolver<Types> {
  return (parent, args, context, info) => {
    const span = trace.getActiveSpan();
    try {
      const result = resolver(parent, args, context, info) as unknown;
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        return (result as Promise<unknown>).then(undefined, (error: unknown) => {
          markFailure(span, error);
          throw error;
        });
      }
      return result;
    } catch (error) {
      markFailure(span, error);
      throw error;
    }
  };
}

/** The builder's `tracing` option (src/builder.ts). */
export function resolverTracing<Types extends SchemaTypes>() {
  return {
    default: (config: PothosOutputFieldConfig<Types>): boolean => {
      const traced = shouldTrace(config);
      if (traced) tracedFields.add(`${config.parentType}.${config.name}`);
      return traced;
    },
    wrap: (resolver: Resolver<Types>, options: unknown): Resolver<Types> => {
      const traced = createSpan(markingFailures(resolver), options as boolean) as Resolver<Types>;
      return (parent, args, context, info) =>
        tracingActive() ? traced(parent, args, context, info) : resolver(parent, args, context, info);
    },
  };
}
