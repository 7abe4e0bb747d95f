import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Context } from './context';
import { graphiqlTabs } from './graphiql/examples';
import type { ViewerResolver } from './lib/auth/viewer';
import { createClerkViewerResolver } from './lib/auth/viewer-resolver';
import pg from 'pg';
import { dbConnectionConfig } from './lib/db/client';
import { runAsTenant } from './lib/db/tenant-scope';
import { env } from './lib/env';
import { logger } from './lib/logger';
import { clerkWebhookPlugin } from './modules/webhooks/clerk-webhook.route';
import { schema } from './schema';

export interface AppOptions {
  resolveViewer?: ViewerResolver;
  graphiql?: boolean;
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
    endResponse(
      new fetchAPI.Response(JSON.stringify({ status: ready ? 'ready' : 'unavailable' }), {
        status: ready ? 200 : 503,
        headers: { 'content-type': 'application/json' },
      }),
    );
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

export function createApp(options: AppOptions = {}) {
  // Built once per app: it holds the verification keys and logs its mode once.
  const resolveViewer = options.resolveViewer ?? createClerkViewerResolver(env());
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(args),
      info: (...args) => logger.info(args),
      warn: (...args) => logger.warn(args),
      error: (...args) => logger.error(args),
    },
    graphiql: (options.graphiql ?? env().GRAPHIQL)
      ? {
          title: 'Influencer platform API',
          defaultTabs: graphiqlTabs,
          shouldPersistHeaders: true,
        }
      : false,
    // Inlines GraphiQL and its Explorer plugin: the page works with no CDN or internet access.
    renderGraphiQL,
    plugins: [requestIdPlugin, readinessPlugin, clerkWebhookPlugin(), tenantScopePlugin],
    context: async ({ request }) => ({
      requestId: requestIdOf(request),
      viewer: await resolveViewer(request),
    }),
  });
}

export type App = ReturnType<typeof createApp>;
