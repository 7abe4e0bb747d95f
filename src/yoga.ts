import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Context } from './context';
import { graphiqlTabs } from './graphiql/examples';
import type { ViewerResolver } from './lib/auth/viewer';
import { createClerkViewerResolver } from './lib/auth/viewer-resolver';
import pg from 'pg';
import { dbConnectionConfig } from './lib/db/client';
import { readReplicaPlugin, trackViewerWrites } from './lib/db/replica';
import { runAsTenant } from './lib/db/tenant-scope';
import { isDatabaseUnavailable } from './lib/db/unavailable';
import { env } from './lib/env';
import { corsFromAllowList, corsVaryPlugin } from './lib/http/cors';
import { maskError, requestIdInErrorsPlugin } from './lib/http/errors';
import { disposeLimiterPlugin, enforceRateLimit, type RateLimitSettings } from './lib/http/rate-limit';
import { persistedOperationsPlugins, type PersistedOperationsOptions } from './lib/http/persisted';
import { bodyLimitPlugin, jsonOnlyPostPlugin } from './lib/http/request-guards';
import { jsonResponse } from './lib/http/route';
import { createLimiter, type FixedWindowLimiter } from './lib/rate-limit';
import { logger } from './lib/logger';
import { telemetryPlugin } from './lib/http/telemetry';
import { clerkWebhookPlugin } from './modules/webhooks/clerk-webhook.route';
import { surveyResponsesPlugin } from './modules/brand-lift/brand-lift.route';
import { insightIQWebhookPlugin } from './modules/influencer/insightiq.route';
import { schema } from './schema';

export interface RateLimitOptions {
  perMinuteUser?: number;
  perMinuteIp?: number;
  windowMs?: number;
  trustProxy?: boolean;
  /** A ready limiter (tests); otherwise one is made from redisUrl (null: memory) or REDIS_URL. */
  limiter?: FixedWindowLimiter;
  redisUrl?: string | null;
  keyPrefix?: string;
  timeoutMs?: number;
}

/** Overrides of settings from src/lib/env.ts, so tests need not change the (cached) environment. */
export interface AppOptions {
  resolveViewer?: ViewerResolver;
  graphiql?: boolean;
  /** Introspection and field suggestions (GRAPHQL_INTROSPECTION). */
  introspection?: boolean;
  /** CORS_ORIGINS. */
  corsOrigins?: string[];
  maxBodyBytes?: number;
  maxAliases?: number;
  maxTokens?: number;
  maxDirectives?: number;
  /** GRAPHQL_BATCH_LIMIT: operations per batched request, 0 = batching off. */
  batchLimit?: number;
  /** false: no rate limiting; an object: rate limiting on with these overrides. Default: RATE_LIMIT_ENABLED. */
  rateLimit?: false | RateLimitOptions;
  /** PERSISTED_OPERATIONS and PERSISTED_OPERATIONS_MANIFEST. */
  persistedOperations?: PersistedOperationsOptions;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const requestIds = new WeakMap<Request, string>();

function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const given = request.headers.get('x-request-id');
    id = given && REQUEST_ID.test(given) ? given : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Echoes the request id so a client can quote it when reporting a masked error. */
const requestIdPlugin: Plugin = {
  onResponse({ request, response }) {
    response.headers.set('x-request-id', requestIdOf(request));
  },
};

/**
 * GET /ready: 200 when the database answers within a second, 503 otherwise. It uses its own
 * short-lived connection, so a busy pool does not make a healthy database look down, and a hung
 * probe never returns a stuck connection to the pool.
 */
const readinessPlugin: Plugin = {
  async onRequest({ request, url, endResponse, fetchAPI }) {
    if (url.pathname !== '/ready' || request.method !== 'GET') return;
    const ready = await probeDatabase(1000);
    endResponse(jsonResponse(fetchAPI, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' }));
  },
};

/**
 * Runs the execution of each operation, every resolver included, as the viewer's organization
 * (row-level security, src/lib/db/tenant-scope.ts). The context factory cannot do it: it returns
 * before execution starts, and AsyncLocalStorage only reaches code started inside its run().
 */
const tenantScopePlugin: Plugin<Context> = {
  onExecute({ args, executeFn, setExecuteFn }) {
    const organizationId = (args.contextValue as Partial<Context>).viewer?.organizationId ?? null;
    setExecuteFn((executeArgs) => runAsTenant(organizationId, () => executeFn(executeArgs)));
  },
};

async function probeDatabase(timeoutMs: number): Promise<boolean> {
  const client = new pg.Client({
    ...dbConnectionConfig(),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    logger.warn({ err: error }, 'readiness check failed');
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function rateLimitSettings(options: AppOptions): RateLimitSettings | null {
  const settings = env();
  const given = options.rateLimit ?? (settings.RATE_LIMIT_ENABLED ? {} : false);
  if (given === false) return null;
  const limiter =
    given.limiter ??
    createLimiter({
      redisUrl: given.redisUrl === undefined ? settings.REDIS_URL : (given.redisUrl ?? undefined),
      keyPrefix: given.keyPrefix,
      timeoutMs: given.timeoutMs ?? settings.REDIS_TIMEOUT_MS,
    });
  return {
    limiter,
    perMinuteUser: given.perMinuteUser ?? settings.RATE_LIMIT_PER_MINUTE_USER,
    perMinuteIp: given.perMinuteIp ?? settings.RATE_LIMIT_PER_MINUTE_IP,
    trustProxy: given.trustProxy ?? settings.TRUST_PROXY,
    windowMs: given.windowMs,
  };
}

export function createApp(options: AppOptions = {}) {
  const settings = env();
  // Built once per app: it holds the verification keys and logs its mode once.
  const resolveViewer = options.resolveViewer ?? createClerkViewerResolver(settings);
  const introspection = options.introspection ?? settings.GRAPHQL_INTROSPECTION;
  const batchLimit = options.batchLimit ?? settings.GRAPHQL_BATCH_LIMIT;
  const rateLimit = rateLimitSettings(options);
  const corsOrigins = options.corsOrigins ?? settings.CORS_ORIGINS;
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      // yoga logs every error it masks; our own line (lib/http/errors.ts) carries the request id.
      // A database outage is logged there as one warning per request, so yoga's copy is debug.
      error: (...args) => (isDatabaseUnavailable(args[0]) ? logger.debug(args) : logger.error(args)),
    },
    graphiql: (options.graphiql ?? settings.GRAPHIQL)
      ? {
          title: 'Influencer platform API',
          defaultTabs: graphiqlTabs,
          shouldPersistHeaders: true,
        }
      : false,
    // Inlines GraphiQL and its Explorer plugin: the page works with no CDN or internet access.
    renderGraphiQL,
    cors: corsFromAllowList(corsOrigins),
    batching: batchLimit > 0 ? { limit: batchLimit } : false,
    maskedErrors: { maskError, errorMessage: 'Unexpected error.' },
    plugins: [
      requestIdPlugin,
      readinessPlugin,
      insightIQWebhookPlugin(), // before the global body limit: it enforces its own 1 MB
      // Before the webhook route, so its body is bounded too; JSON-only applies to /graphql.
      bodyLimitPlugin(options.maxBodyBytes ?? settings.MAX_BODY_BYTES),
      jsonOnlyPostPlugin(),
      ...persistedOperationsPlugins(options.persistedOperations),
      clerkWebhookPlugin(),
      surveyResponsesPlugin(),
      tenantScopePlugin,
      readReplicaPlugin, // query operations read from DATABASE_REPLICA_URL when set
      // Operation limits checked while parsing and validating, before anything executes. Depth and
      // cost are left to the Pothos complexity plugin (src/builder.ts: depth 12, breadth 200, cost
      // 20,000), the one source of truth for them.
      EnvelopArmorPlugin({
        maxAliases: { enabled: true, n: options.maxAliases ?? settings.MAX_ALIASES },
        maxTokens: { enabled: true, n: options.maxTokens ?? settings.MAX_TOKENS },
        maxDirectives: { enabled: true, n: options.maxDirectives ?? settings.MAX_DIRECTIVES },
        maxDepth: { enabled: false },
        costLimit: { enabled: false },
        // "Did you mean …?" would reveal field names that introspection is hiding.
        blockFieldSuggestion: { enabled: !introspection },
      }),
      ...(introspection ? [] : [useDisableIntrospection()]),
      corsVaryPlugin(corsOrigins),
      requestIdInErrorsPlugin(requestIdOf),
      ...(rateLimit ? [disposeLimiterPlugin(rateLimit.limiter)] : []),
      // Request and operation spans when tracing runs (src/lib/telemetry.ts). Last, so its
      // onResponse sees the final status.
      telemetryPlugin(requestIdOf),
    ],
    context: async ({ request, ...serverContext }) => {
      // With a replica, a request whose session lookup created rows reads the primary (replica.ts).
      const viewer = await trackViewerWrites(request, () => resolveViewer(request));
      if (rateLimit) await enforceRateLimit(rateLimit, viewer, request, serverContext);
      return { requestId: requestIdOf(request), viewer };
    },
  });
}

export type App = ReturnType<typeof createApp>;
