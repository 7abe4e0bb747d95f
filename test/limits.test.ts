import { describe, expect, it } from '@jest/globals';
import { createGraphQLError } from 'graphql-yoga';
import { createApp, type AppOptions } from '../src/yoga';
import { withUnreachableDatabase } from './support/unreachable-db';

type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

function appWith(options: AppOptions = {}) {
  const app = createApp({ resolveViewer: async () => null, graphiql: false, rateLimit: false, ...options });
  const fetch = (path: string, init: RequestInit = {}) => app.fetch(new URL(path, 'http://localhost'), init);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { app, fetch, post };
}

describe('CSRF: only JSON bodies are executed', () => {
  const { fetch, post } = appWith();

  it('refuses form-encoded, text/plain and multipart POSTs with 400 before parsing', async () => {
    const cases: [string, string][] = [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent('mutation { __typename }')}`],
      ['text/plain', JSON.stringify({ query: 'mutation { __typename }' })],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"mutation { __typename }"}\r\n--x--\r\n'],
    ];
    for (const [contentType, body] of cases) {
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': contentType }, body });
      expect([contentType, response.status]).toEqual([contentType, 400]);
      const result = (await response.json()) as Body;
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0]?.message).toMatch(/application\/json/);
    }
    const none = await fetch('/graphql', { method: 'POST', body: 'query=%7B__typename%7D' });
    expect(none.status).toBe(400);
  });

  it('still executes JSON POSTs (what GraphiQL and the clients send)', async () => {
    const response = await post({ query: 'mutation { __typename }' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Mutation' } });
    const charset = await post({ query: '{ __typename }' }, { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(200);
  });

  it('answers GET queries but refuses mutations over GET', async () => {
    const query = await fetch(`/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
    const mutation = await fetch(`/graphql?query=${encodeURIComponent('mutation { __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(mutation.status).toBe(405);
    expect(((await mutation.json()) as Body).data).toBeUndefined();
  });
});

describe('CORS allow-list', () => {
  const allowed = 'https://app.example.com';

  it('gives an allowed origin CORS headers without credentials, exposing x-request-id', async () => {
    const { fetch, post } = appWith({ corsOrigins: [allowed, 'https://admin.example.com'] });
    const preflight = await fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-credentials')).not.toBe('true');

    const response = await post({ query: '{ __typename }' }, { origin: allowed });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true');
  });

  it('gives a foreign origin no CORS headers', async () => {
    const { fetch, post } = appWith({ corsOrigins: [allowed] });
    const preflight = await fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const response = await post({ query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('with no CORS_ORIGINS gives no CORS headers at all (same origin only)', async () => {
    const { post } = appWith({ corsOrigins: [] });
    const response = await post({ query: '{ __typename }' }, { origin: 'https://app.example.com' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request body limit', () => {
  const { fetch, post } = appWith({ maxBodyBytes: 2_000 });
  const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(3_000) } });

  it('answers 413 when content-length is over the limit', async () => {
    const response = await post(big, { 'content-length': String(Buffer.byteLength(big)) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as Body).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 when a body without content-length grows past the limit while streaming', async () => {
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 500) controller.enqueue(bytes.slice(i, i + 500));
        controller.close();
      },
    });
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as Body).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts a body under the limit', async () => {
    const response = await post({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_000) } });
    expect(response.status).toBe(200);
  });
});

describe('operation limits (graphql-armor)', () => {
  const { post } = appWith();
  const errorsOf = async (query: string) => ((await (await post({ query })).json()) as Body).errors ?? [];

  it('refuses more than 30 aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    expect(await errorsOf(aliases(30))).toEqual([]);
    expect((await errorsOf(aliases(31)))[0]?.message).toMatch(/aliases limit of 30/i);
  });

  it('refuses more than 5000 tokens', async () => {
    const errors = await errorsOf(`{ ${'__typename '.repeat(5_001)} }`);
    expect(errors[0]?.message).toMatch(/token limit of 5000/i);
  });

  it('refuses more than 50 directives', async () => {
    const errors = await errorsOf(`{ __typename ${'@include(if: true) '.repeat(51)} }`);
    expect(errors[0]?.message).toMatch(/directives limit of 50/i);
  });

  it('refuses batched requests by default, and bounds them when a limit is set', async () => {
    const one = { query: '{ __typename }' };
    const refused = await post([one, one]);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Body).errors?.length).toBeGreaterThan(0);

    const { post: postBatched } = appWith({ batchLimit: 2 });
    const two = await postBatched([one, one], { accept: 'application/json' });
    expect(two.status).toBe(200);
    expect(await two.json()).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    const three = await postBatched([one, one, one], { accept: 'application/json' });
    expect(three.status).toBe(413);
  });
});

describe('introspection and field suggestions', () => {
  it('are off with production semantics (introspection: false)', async () => {
    const { post } = appWith({ introspection: false });
    const schema = (await (await post({ query: '{ __schema { queryType { name } } }' })).json()) as Body;
    expect(schema.data).toBeUndefined();
    expect(schema.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = (await (await post({ query: '{ viewr { role } }' })).json()) as Body;
    expect(typo.errors?.[0]?.message).toBeDefined();
    expect(typo.errors?.[0]?.message).not.toMatch(/did you mean/i);
    expect(typo.errors?.[0]?.message).not.toMatch(/viewer/);
    // __typename is not introspection of the schema and keeps working.
    expect(await (await post({ query: '{ __typename }' })).json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('are on outside production (introspection: true)', async () => {
    const { post } = appWith({ introspection: true });
    const schema = (await (await post({ query: '{ __schema { queryType { name } } }' })).json()) as Body;
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const typo = (await (await post({ query: '{ viewr { role } }' })).json()) as Body;
    expect(typo.errors?.[0]?.message).toMatch(/did you mean "viewer"/i);
  });
});

describe('masked errors', () => {
  it('answer a database outage with 503 DATABASE_UNAVAILABLE, Retry-After and the request id, hiding the details', async () => {
    const { post } = appWith();
    await withUnreachableDatabase(async () => {
      const response = await post(
        { query: '{ marketplaceInfluencers(first: 1) { ... on MarketplaceInfluencerConnection { totalCount } } }' },
        { 'x-request-id': 'req-masked-0001' },
      );
      const body = (await response.json()) as Body;
      expect(response.headers.get('x-request-id')).toBe('req-masked-0001');
      expect(body.errors).toHaveLength(1);
      // Not an unexpected error but a temporary outage the client should retry (src/lib/db/unavailable.ts).
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(body.errors![0]).toEqual({
        message: 'The service is temporarily unavailable. Try again shortly.',
        locations: [{ line: 1, column: 3 }],
        path: ['marketplaceInfluencers'],
        // A query changed nothing: resending it is safe.
        extensions: { code: 'DATABASE_UNAVAILABLE', requestId: 'req-masked-0001', retryable: true },
      });
      expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres/i);
    });
  });

  it('does not call a mutation that failed on an outage retryable (it may have committed), but a failure before execution is', async () => {
    const viewer = { userId: '00000000-0000-4000-8000-000000000001', organizationId: '00000000-0000-4000-8000-000000000002', role: 'ADMIN' as const };
    const { post } = appWith({ resolveViewer: async () => viewer });
    await withUnreachableDatabase(async (dead) => {
      const mutation = await post({
        query: `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename } }`,
        variables: {
          input: {
            name: 'Outage', brandName: 'Lumen', businessGoal: 'PRODUCT_LAUNCH', startDate: '2027-03-01', endDate: '2027-04-30',
            timeZone: 'Europe/Berlin', budgetTotal: '10000.00', budgetSocial: '7500.50', currency: 'EUR',
          },
        },
      });
      expect(mutation.status).toBe(503);
      const body = (await mutation.json()) as Body;
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: false });

      // The session lookup failing on the outage, before the mutation ran: nothing was written.
      const { post: postEarly } = appWith({
        resolveViewer: async () => {
          await dead.pool.query('SELECT 1');
          return viewer;
        },
      });
      const early = await postEarly({ query: 'mutation { __typename }' });
      expect(early.status).toBe(503);
      expect(((await early.json()) as Body).errors?.[0]?.extensions).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
    });
  });

  it('also masks an error thrown before execution, with a generated request id', async () => {
    const { post } = appWith({
      resolveViewer: async () => {
        throw new Error('secret internal detail');
      },
    });
    const response = await post({ query: '{ __typename }' });
    const body = (await response.json()) as Body;
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors?.[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
    });
    expect(JSON.stringify(body)).not.toMatch(/secret/);
  });

  it('leaves GraphQL errors with a code (UNAUTHENTICATED) unmasked', async () => {
    const { post } = appWith({
      resolveViewer: async () => {
        throw createGraphQLError('Invalid session token.', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      },
    });
    const response = await post({ query: '{ __typename }' });
    expect(response.status).toBe(401);
    const body = (await response.json()) as Body;
    expect(body.errors?.[0]).toMatchObject({ message: 'Invalid session token.', extensions: { code: 'UNAUTHENTICATED' } });
    expect(body.errors?.[0]?.extensions?.requestId).toBeUndefined();
  });
});
