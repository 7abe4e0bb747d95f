import {
  context,
  createContextKey,
  diag,
  DiagLogLevel,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context as OtelContext,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor, Sampler } from '@opentelemetry/sdk-trace';
import type { Env } from './env';

/**
 * OpenTelemetry tracing (README: Observability). Off unless an OTLP endpoint is configured
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): then startTelemetry()
 * loads the SDK, registers a tracer provider with a batch span processor and the OTLP/HTTP
 * exporter, the AsyncLocalStorage context manager and the W3C trace-context propagator. Off, the
 * SDK is never imported: the instrumentation points (yoga plugin src/lib/http/telemetry.ts,
 * Pothos tracing in src/builder.ts, SQL in src/lib/db/sql-tracing.ts, the pino mixin) check
 * tracingActive(), one boolean, and call straight through.
 *
 * This module imports only @opentelemetry/api and types, so the logger can use it.
 */

export const TRACER_NAME = 'influencer-api';

let active = false;
let currentTracer: Tracer = trace.getTracer(TRACER_NAME);

/** True while a tracer provider registered by this module is running. */
export function tracingActive(): boolean {
  return active;
}

/**
 * The tracer of the running provider. A stable object that always delegates to the current
 * provider's tracer, so code built once (the Pothos schema) follows a provider started later or
 * replaced in tests (the API's own ProxyTracer caches the first delegate it finds).
 */
export const tracer: Tracer = {
  startSpan: (name: string, options?: SpanOptions, ctx?: OtelContext) => currentTracer.startSpan(name, options, ctx),
  startActiveSpan: ((...args: Parameters<Tracer['startActiveSpan']>) =>
    (currentTracer.startActiveSpan as (...a: unknown[]) => unknown)(...args)) as Tracer['startActiveSpan'],
};

export interface Telemetry {
  /** Where spans go, without any credentials in the URL (for the start-up log line). */
  endpoint: string;
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  /** Exports what is buffered, then stops tracing and unregisters the globals. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** Where the SDK's own warnings and errors go (a collector that refuses spans, a full queue). */
  warn?: (message: string) => void;
  /** Test only: an exporter instead of OTLP/HTTP. */
  exporter?: SpanExporter;
  /** Test only: 'simple' exports each span as it ends. */
  processor?: 'batch' | 'simple';
}

/** The traces URL the settings name, or undefined: tracing off. */
export function tracesEndpoint(settings: Pick<Env, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SDK_DISABLED'>): string | undefined {
  if (settings.OTEL_SDK_DISABLED) return undefined;
  if (settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!base) return undefined;
  return `${base.endsWith('/') ? base : `${base}/`}v1/traces`;
}

/**
 * Starts tracing when the settings configure an endpoint; returns null (and loads nothing)
 * otherwise. Call once, before the app is created.
 */
export async function startTelemetry(settings: Env, options: TelemetryOptions = {}): Promise<Telemetry | null> {
  const endpoint = tracesEndpoint(settings);
  if (!endpoint) return null;
  if (active) throw new Error('telemetry already started');

  const [sdk, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
  ]);
  const exporter =
    options.exporter ??
    // Headers (OTEL_EXPORTER_OTLP_HEADERS), timeout, compression and TLS files are read by the
    // exporter itself from the standard variables; the URL is ours.
    new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url: endpoint });
  const processor: SpanProcessor =
    options.processor === 'simple' ? new sdk.SimpleSpanProcessor({ exporter }) : new sdk.BatchSpanProcessor({ exporter });

  const ratio = settings.OTEL_TRACES_SAMPLER_ARG ?? 1;
  const samplers: Record<Env['OTEL_TRACES_SAMPLER'], () => Sampler> = {
    always_on: () => new sdk.AlwaysOnSampler(),
    always_off: () => new sdk.AlwaysOffSampler(),
    traceidratio: () => new sdk.TraceIdRatioBasedSampler(ratio),
    parentbased_always_on: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() }),
    parentbased_always_off: () => new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() }),
    parentbased_traceidratio: () => new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(ratio) }),
  };

  const resource = resources.defaultResource().merge(
    resources.resourceFromAttributes({
      'deployment.environment.name': settings.NODE_ENV,
      ...settings.OTEL_RESOURCE_ATTRIBUTES,
      'service.name': serviceName(settings),
    }),
  );
  const provider = new sdk.TracerProvider({
    resource,
    sampler: samplers[settings.OTEL_TRACES_SAMPLER](),
    spanProcessors: [processor],
    // Bounds what one span can carry (long SQL statements are cut, not dropped).
    spanLimits: { attributeValueLengthLimit: 4_096, attributeCountLimit: 64 },
  });

  if (options.warn) {
    const warn = options.warn;
    // Outside any span: the batch processor's timer runs in the context of the request that armed it.
    const log = (message: string, ...args: unknown[]) =>
      context.with(ROOT_CONTEXT, () => warn([message, ...args].map(readable).join(' ')));
    const ignore = () => undefined;
    diag.setLogger({ error: log, warn: log, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
  }
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  currentTracer = provider.getTracer(TRACER_NAME);
  active = true;

  let stopped: Promise<void> | undefined;
  return {
    endpoint: options.exporter ? 'test exporter' : withoutCredentials(endpoint),
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        active = false;
        currentTracer = trace.getTracer(TRACER_NAME);
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          propagation.disable();
          context.disable();
          diag.disable();
          currentTracer = trace.getTracer(TRACER_NAME);
        }
      })();
      return stopped;
    },
  };
}

/** The SDK reports export errors as JSON-serialized errors (stack included): keep the message. */
function readable(value: unknown): string {
  if (value instanceof Error) return value.message;
  const text = String(value);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: as it is.
  }
  return text;
}

/** OTEL_SERVICE_NAME, else `service.name` of OTEL_RESOURCE_ATTRIBUTES, else influencer-api. */
export function serviceName(settings: Pick<Env, 'OTEL_SERVICE_NAME' | 'OTEL_RESOURCE_ATTRIBUTES'>): string {
  return settings.OTEL_SERVICE_NAME ?? settings.OTEL_RESOURCE_ATTRIBUTES?.['service.name'] ?? TRACER_NAME;
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Fields the logger adds to every line written inside a traced span, so logs and traces join. */
export function traceLogFields(): Record<string, string> {
  if (!active) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlags.toString(16).padStart(2, '0') };
}

/**
 * Context keys of the request and operation spans (src/lib/http/telemetry.ts): later hooks find
 * them even while a resolver or SQL span is the active one.
 */
export const REQUEST_SPAN = createContextKey('influencer-api.request-span');
export const OPERATION_SPAN = createContextKey('influencer-api.operation-span');

export function spanIn(key: symbol, ctx: OtelContext = context.active()): Span | undefined {
  return ctx.getValue(key) as Span | undefined;
}

/**
 * Marks a span failed: error status and `error.type`, the error's code (a SQLSTATE, a domain
 * code) or class name. Never its message: database messages can quote row values, and messages
 * can name people. Returns the code, when there is one.
 */
export function markSpanFailed(span: Span, error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown');
  return typeof code === 'string' ? code : undefined;
}
