import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { signDevSessionToken } from '../src/lib/auth/dev-keys';
import { createDb } from '../src/lib/db/client';
import { ConfigError, parseEnv } from '../src/lib/env';
import { logger } from '../src/lib/logger';
import { tracedFields } from '../src/lib/resolver-tracing';
import { startTelemetry, tracer, tracingActive, type Telemetry } from '../src/lib/telemetry';
import { createApp } from '../src/yoga';
import { createMarketplaceInfluencer } from './factories';
import { withUnreachableDatabase } from './support/unreachable-db';

/**
 * Issue #7: "OpenTelemetry traces for requests, resolvers and SQL when an exporter is configured."
 * Real requests through the whole app (yoga, Pothos, Prisma, PostgreSQL); spans go to an
 * in-memory exporter through telemetry.ts's own start-up, or to a real OTLP/HTTP receiver.
 */

/** The environment of the suite without any OTEL_* setting, plus the given ones. */
function settingsWith(extra: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  return parseEnv({ ...base, ...extra });
}

const SEARCH = 'zqxsecretsearch';
const QUERY = `query TracedCreators($search: String!, $first: Int!) {
  viewer { role organization { slug } }
  marketplaceInfluencers(search: $search, first: $first) {
    ... on MarketplaceInfluencerConnection { totalCount edges { node { username followers } } }
  }
}`;
const token = signDevSessionToken({
  clerkUserId: 'user_telemetry_test',
  org: { clerkOrgId: 'org_telemetry_test', role: 'admin', slug: 'telemetry-test' },
});

const app = createApp({ graphiql: false });

async function graphql(headers: Record<string, string> = {}) {
  const response = await app.fetch(new URL('/graphql', 'http://localhost'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
      ...headers,
    },
    body: JSON.stringify({ query: QUERY, variables: { search: SEARCH, first: 5 } }),
  });
  const body = (await response.json()) as { data?: { viewer: { role: string } | null }; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  expect(body.data?.viewer?.role).toBe('ADMIN');
  return response;
}

const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;

/** Everything a span carries that could leak: name, attribute values, events. */
function carried(span: ReadableSpan): string {
  return JSON.stringify({ name: span.name, attributes: span.attributes, events: span.events, status: span.status });
}

beforeAll(async () => {
  await createMarketplaceInfluencer({ username: `${SEARCH}_creator`, followers: 12_345 });
});

describe('without an exporter configured', () => {
  it('starts nothing, records no span and still answers', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = await startTelemetry(settingsWith(), { exporter, processor: 'simple' });
    expect(telemetry).toBeNull();
    expect(tracingActive()).toBe(false);
    const response = await graphql({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(response.status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
    // The API's no-op: a span made now records nothing.
    expect(tracer.startSpan('probe').isRecording()).toBe(false);
  });

  it('counts OTEL_SDK_DISABLED=true as off even with an endpoint', async () => {
    const telemetry = await startTelemetry(
      settingsWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }),
      { exporter: new InMemorySpanExporter() },
    );
    expect(telemetry).toBeNull();
    expect(tracingActive()).toBe(false);
  });

  it('refuses an OTLP protocol it cannot speak, naming the setting', () => {
    expect(() => settingsWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(ConfigError);
    expect(() => settingsWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
    expect(() => settingsWith({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL/);
  });
});

describe('with an exporter configured', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry | null = null;

  beforeAll(async () => {
    telemetry = await startTelemetry(settingsWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }), {
      exporter,
      processor: 'simple',
    });
    expect(telemetry).not.toBeNull();
  });
  afterAll(async () => {
    await telemetry?.shutdown();
    expect(tracingActive()).toBe(false);
  });
  beforeEach(() => exporter.reset());

  async function tracedRequest(headers: Record<string, string> = {}) {
    const response = await graphql(headers);
    await telemetry!.forceFlush();
    const spans = exporter.getFinishedSpans();
    const request = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(request).toHaveLength(1);
    return { response, spans, request: request[0]! };
  }

  it('makes one trace: request -> operation -> resolvers -> SQL', async () => {
    const { response, spans, request } = await tracedRequest();

    expect(request.name).toBe('POST /graphql');
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
      // The id the response (and every log line of the request) carries.
      'app.request_id': response.headers.get('x-request-id'),
    });
    expect(request.parentSpanContext).toBeUndefined();
    const traceId = request.spanContext().traceId;
    for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);

    const operation = spans.find((s) => parentId(s) === spanId(request) && s.name === 'query TracedCreators');
    expect(operation).toBeDefined();
    expect(operation!.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'TracedCreators' });

    const search = spans.find((s) => s.name === 'Query.marketplaceInfluencers');
    const viewer = spans.find((s) => s.name === 'Query.viewer');
    expect(search && parentId(search)).toBe(spanId(operation!));
    expect(viewer && parentId(viewer)).toBe(spanId(operation!));
    expect(search!.attributes['graphql.field.path']).toBe('marketplaceInfluencers');

    // The creator search's statements are children of its resolver span.
    const sql = spans.filter((s) => s.attributes['db.system'] === 'postgresql');
    const searchSql = sql.filter((s) => parentId(s) === spanId(search!));
    expect(searchSql.length).toBeGreaterThan(0);
    for (const span of searchSql) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes['db.system.name']).toBe('postgresql');
      expect(typeof span.attributes['db.statement']).toBe('string');
    }
    // The statement that searched is there, with its value bound as a parameter, not written in.
    const searching = searchSql.filter((s) => /"MarketplaceInfluencer"/.test(String(s.attributes['db.statement'])));
    expect(searching.length).toBeGreaterThan(0);
    expect(searching.some((s) => /\$1\b/.test(String(s.attributes['db.statement'])))).toBe(true);

    // Trivial fields get no span: no scalar field, no connection or edge plumbing, no relation
    // loaded by the parent's query. Viewer.organization has a resolver that reads: it gets one,
    // below its parent field's span.
    const organization = spans.find((s) => s.name === 'Viewer.organization');
    expect(organization && parentId(organization)).toBe(spanId(viewer!));
    const fieldSpans = spans.filter((s) => /^[A-Z]\w*\.\w+$/.test(s.name)).map((s) => s.name);
    expect(fieldSpans.filter((name) => /^(MarketplaceInfluencer|MarketplaceInfluencerConnection|MarketplaceInfluencerEdge|Organization)\./.test(name))).toEqual([]);

    // Nothing carries the bearer token or a variable's value.
    const signature = token.split('.')[2]!;
    for (const span of spans) {
      const text = carried(span);
      expect(text).not.toContain(signature);
      expect(text).not.toContain(SEARCH);
    }
  });

  it('continues the trace of a caller that sends traceparent', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const { spans, request } = await tracedRequest({ traceparent: `00-${callerTrace}-${callerSpan}-01` });
    expect(request.spanContext().traceId).toBe(callerTrace);
    expect(request.parentSpanContext?.spanId).toBe(callerSpan);
    expect(request.parentSpanContext?.isRemote).toBe(true);
    expect(spans.length).toBeGreaterThan(3);
    for (const span of spans) expect(span.spanContext().traceId).toBe(callerTrace);
  });

  it('keeps GET variables out of spans and does not trace the probes', async () => {
    const params = new URLSearchParams({ query: QUERY, variables: JSON.stringify({ search: SEARCH, first: 2 }) });
    const response = await app.fetch(new URL(`/graphql?${params}`, 'http://localhost'), {
      headers: { accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect((await app.fetch(new URL('/health', 'http://localhost'))).status).toBe(200);
    await telemetry!.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.name)).toEqual(['GET /graphql']);
    expect(spans.some((s) => s.name === 'query TracedCreators')).toBe(true);
    for (const span of spans) expect(carried(span)).not.toContain(SEARCH);
  });

  it('traces raw pool queries once each, under the span that issued them, without their values; none outside a span', async () => {
    const handle = createDb(process.env.TEST_DATABASE_URL!);
    try {
      const parent = await tracer.startActiveSpan('raw-sql', async (span) => {
        await handle.pool.query('SELECT $1::text AS v', ['raw-secret-value']);
        await handle.pool.query({ text: 'SELECT $1::int AS n', values: [42] });
        await expect(handle.pool.query('SELECT * FROM no_such_table_for_tracing')).rejects.toThrow();
        span.end();
        return span.spanContext().spanId;
      });
      // Outside any span (background work such as the replica's lag probe): no trace of its own.
      await handle.pool.query('SELECT 1 AS background');
      await telemetry!.forceFlush();
      const sql = exporter.getFinishedSpans().filter((s) => s.attributes['db.system'] === 'postgresql');
      expect(sql.map((s) => s.attributes['db.statement'])).toEqual([
        'SELECT $1::text AS v',
        'SELECT $1::int AS n',
        'SELECT * FROM no_such_table_for_tracing',
      ]);
      for (const span of sql) expect(parentId(span)).toBe(parent);
      expect(sql[2]!.attributes['db.response.status_code']).toBe('42P01');
      for (const span of sql) expect(carried(span)).not.toContain('raw-secret-value');
    } finally {
      await handle.close();
    }
  });

  it('puts the active trace id on log lines', () => {
    const lines: string[] = [];
    const [mixin] = Object.getOwnPropertySymbols(logger).filter((s) => String(s) === 'Symbol(pino.mixin)');
    const capture = pino(
      { mixin: (logger as unknown as Record<symbol, () => object>)[mixin!] },
      { write: (line: string) => void lines.push(line) },
    );
    tracer.startActiveSpan('log-join', (span) => {
      capture.info('inside');
      span.end();
    });
    capture.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(inside!.trace_id).toBe(exporter.getFinishedSpans().find((s) => s.name === 'log-join')?.spanContext().traceId);
    expect(inside!.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(outside!.trace_id).toBeUndefined();
  });

  it('marks a failing resolver span as an error by type only: no exception event with the message or stack', async () => {
    const anonymous = createApp({ resolveViewer: async () => null, graphiql: false, rateLimit: false });
    await withUnreachableDatabase(async () => {
      const response = await anonymous.fetch(new URL('/graphql', 'http://localhost'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ marketplaceInfluencers(first: 1) { ... on MarketplaceInfluencerConnection { totalCount } } }' }),
      });
      expect(response.status).toBe(503);
    });
    await telemetry!.forceFlush();
    const spans = exporter.getFinishedSpans();
    const resolver = spans.find((s) => s.name === 'Query.marketplaceInfluencers');
    expect(resolver).toBeDefined();
    expect(resolver!.status.code).toBe(SpanStatusCode.ERROR);
    expect(typeof resolver!.attributes['error.type']).toBe('string');
    // recordException would add an `exception` event with exception.message and .stacktrace.
    for (const span of spans) {
      expect(span.events.filter((e) => e.name === 'exception')).toEqual([]);
      expect(carried(span)).not.toMatch(/127\.0\.0\.1:1\b|connect ECONNREFUSED|reach database|stacktrace|\bat .*\.ts:\d+/i);
    }
  });

  it('caps a long operation name in the operation span', async () => {
    const longName = `Op${'x'.repeat(500)}`;
    const response = await app.fetch(new URL('/graphql', 'http://localhost'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: `query ${longName} { __typename }` }),
    });
    expect(response.status).toBe(200);
    await telemetry!.forceFlush();
    const operation = exporter.getFinishedSpans().find((s) => s.attributes['graphql.operation.type'] === 'query');
    expect(operation).toBeDefined();
    expect(operation!.name.length).toBeLessThanOrEqual('query '.length + 101);
    expect(operation!.name.startsWith(`query Op${'x'.repeat(90)}`)).toBe(true);
    expect(String(operation!.attributes['graphql.operation.name']).length).toBeLessThanOrEqual(101);
  });

  it('traces root fields and resolvers of their own, not scalars or relay plumbing', () => {
    expect(tracedFields.has('Query.marketplaceInfluencers')).toBe(true);
    expect(tracedFields.has('CampaignAnalytics.campaignsByStatus')).toBe(true);
    for (const field of tracedFields) {
      expect(field).not.toMatch(/^\w+(Connection|Edge)\./);
      expect(['MarketplaceInfluencer.username', 'MarketplaceInfluencer.followers', 'CampaignWizard.name']).not.toContain(field);
    }
  });
});

describe('with a real OTLP/HTTP endpoint', () => {
  let receiver: Server;
  const bodies: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces') bodies.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    const closed = new Promise<void>((resolve) => receiver.close(() => resolve()));
    receiver.closeAllConnections(); // the exporter's keep-alive socket
    await closed;
  });

  it('batches spans and sends them on shutdown, with the service name', async () => {
    const { port } = receiver.address() as AddressInfo;
    const telemetry = await startTelemetry(
      settingsWith({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'telemetry-test-api' }),
    );
    expect(telemetry?.endpoint).toBe(`http://127.0.0.1:${port}/v1/traces`);
    try {
      await graphql();
      // The batch processor holds the spans (5 s delay) until flushed: nothing sent yet.
      expect(bodies).toHaveLength(0);
    } finally {
      await telemetry!.shutdown();
    }
    const sent = bodies.join('\n');
    expect(sent).toContain('telemetry-test-api');
    expect(sent).toContain('POST /graphql');
    expect(sent).toContain('Query.marketplaceInfluencers');
    expect(sent).toContain('"db.statement"');
    expect(sent).not.toContain(token.split('.')[2]!);
    expect(sent).not.toContain(SEARCH);
    expect(tracingActive()).toBe(false);
  });
});
