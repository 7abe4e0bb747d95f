import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type TextMapGetter } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { OPERATION_SPAN, REQUEST_SPAN, spanIn, tracer, tracingActive } from '../telemetry';

/**
 * The request and operation spans (README: Observability). Does nothing unless tracing runs
 * (src/lib/telemetry.ts): each hook checks one boolean first.
 *
 * - One SERVER span per HTTP request (not the /health and /ready probes), continuing the
 *   caller's trace from `traceparent`: `http.request.method`, `http.route` (known routes only;
 *   never the path of an unknown URL or the query string, where GET requests carry variables),
 *   `http.response.status_code` and `app.request_id` (the `x-request-id` the logs carry).
 * - One span per GraphQL operation, named `<type> <name>`, with `graphql.operation.type` and
 *   `graphql.operation.name` (cut at 100 characters). Never the document (it can hold literal arguments) or variables.
 * Resolver spans (src/builder.ts) and SQL spans (src/lib/db/sql-tracing.ts) nest below them.
 */

/** Routes named in spans; any other path is recorded by method alone (bounded span names). */
const ROUTES = new Set(['/graphql', '/webhooks/clerk', '/webhooks/insightiq', '/surveys/responses']);
/** Longest operation name put in a span name and attribute (client-chosen text; longer ones are cut). */
export const MAX_OPERATION_NAME = 100;
/** Probes, polled every few seconds by the orchestrator: not traced (noise, not traffic). */
const PROBES = new Set(['/health', '/ready']);

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

export function telemetryPlugin(requestIdOf: (request: Request) => string): Plugin {
  return {
    instrumentation: {
      request({ request }, wrapped) {
        if (!tracingActive()) return wrapped();
        const path = pathOf(request.url);
        if (PROBES.has(path)) return wrapped();
        const route = ROUTES.has(path) ? path : undefined;
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
        const span = tracer.startSpan(
          route ? `${request.method} ${route}` : request.method,
          {
            kind: SpanKind.SERVER,
            attributes: { 'http.request.method': request.method, ...(route ? { 'http.route': route } : {}) },
          },
          parent,
        );
        const ctx = trace.setSpan(parent, span).setValue(REQUEST_SPAN, span);
        return context.with(ctx, async () => {
          try {
            await wrapped();
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR });
            span.setAttribute('error.type', error instanceof Error ? error.name : 'unknown');
            throw error;
          } finally {
            span.end();
          }
        });
      },
      operation(_payload, wrapped) {
        if (!tracingActive()) return wrapped();
        const span = tracer.startSpan('graphql.operation', { kind: SpanKind.INTERNAL });
        const ctx = trace.setSpan(context.active(), span).setValue(OPERATION_SPAN, span);
        return context.with(ctx, async () => {
          try {
            await wrapped();
          } finally {
            span.end();
          }
        });
      },
    },
    onExecute({ args }) {
      if (!tracingActive()) return;
      const span = spanIn(OPERATION_SPAN);
      if (!span) return;
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'unknown';
      // The name is the client's choice: capped, so a span name stays bounded (GraphQL names are ASCII).
      const given = operation?.name?.value;
      const name = given && given.length > MAX_OPERATION_NAME ? `${given.slice(0, MAX_OPERATION_NAME)}…` : given;
      span.updateName(name ? `${type} ${name}` : type);
      span.setAttribute('graphql.operation.type', type);
      if (name) span.setAttribute('graphql.operation.name', name);
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          const count = result.errors?.length ?? 0;
          if (count === 0) return;
          span.setAttribute('graphql.error.count', count);
          span.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
    },
    onResponse({ request, response }) {
      if (!tracingActive()) return;
      const span = spanIn(REQUEST_SPAN);
      if (!span) return;
      span.setAttribute('http.response.status_code', response.status);
      span.setAttribute('app.request_id', requestIdOf(request));
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    },
  };
}
