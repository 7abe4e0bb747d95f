import type { Plugin, YogaServerOptions } from 'graphql-yoga';

type CorsOption = YogaServerOptions<Record<string, unknown>, Record<string, unknown>>['cors'];

/**
 * CORS from an allow-list. yoga's default reflects any Origin with credentials; here only listed
 * origins get CORS headers (never credentials: tokens travel in Authorization), and a foreign
 * origin gets none, so its browser refuses to hand it the response or send a non-simple request.
 * No list: no CORS headers for anyone (same-origin pages such as GraphiQL need none).
 */
export function corsFromAllowList(origins: readonly string[] | undefined): CorsOption {
  if (!origins?.length) return false;
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin,
      credentials: false,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id', 'graphql-client-name', 'graphql-client-version'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    };
  };
}

/**
 * With an allow-list, responses differ by Origin (CORS headers or none), so shared caches must key
 * on it: `Vary: Origin` on every response, allowed origin or not.
 */
export function corsVaryPlugin(origins: readonly string[] | undefined): Plugin {
  return {
    onResponse({ response }) {
      if (!origins?.length) return;
      const vary = response.headers.get('vary') ?? '';
      if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) response.headers.set('vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}
