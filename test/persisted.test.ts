import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ViewerDocument } from '../src/generated/graphql/graphql';
import { ConfigError, parseEnv } from '../src/lib/env';
import type { PersistedOperationsOptions } from '../src/lib/http/persisted';
import { createApp } from '../src/yoga';

type Body = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

const hex = (document: string) => createHash('sha256').update(document).digest('hex');

const HELLO = 'query Hello { __typename }';
const MUTATE = 'mutation Mutate { __typename }';
const ARBITRARY = '{ __typename }';
const manifest = { [`sha256:${hex(HELLO)}`]: HELLO, [`sha256:${hex(MUTATE)}`]: MUTATE };
const UNKNOWN = hex('query Unknown { __typename }');

function appWith(persistedOperations: PersistedOperationsOptions) {
  const app = createApp({ resolveViewer: async () => null, graphiql: false, rateLimit: false, persistedOperations });
  const fetch = (path: string, init: RequestInit = {}) => app.fetch(new URL(path, 'http://localhost'), init);
  const post = async (body: unknown) => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Body };
  };
  const get = async (params: Record<string, unknown>) => {
    const search = new URLSearchParams(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
    const response = await fetch(`/graphql?${search}`, { headers: { accept: 'application/graphql-response+json' } });
    return { status: response.status, body: (await response.json()) as Body };
  };
  return { post, get };
}

const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const typename = { data: { __typename: 'Query' } };

describe.each(['allow', 'only'] as const)('persisted operations, %s', (mode) => {
  const { post, get } = appWith({ mode, manifest });

  it('runs a known hash sent as extensions.persistedQuery.sha256Hash', async () => {
    expect(await post({ extensions: apq(hex(HELLO)) })).toEqual({ status: 200, body: typename });
  });

  it('runs a known documentId, with or without the sha256: prefix', async () => {
    expect(await post({ documentId: `sha256:${hex(HELLO)}` })).toEqual({ status: 200, body: typename });
    expect(await post({ documentId: hex(HELLO).toUpperCase() })).toEqual({ status: 200, body: typename });
  });

  it('runs a persisted query over GET (hash or documentId), but never a persisted mutation', async () => {
    expect(await get({ extensions: apq(hex(HELLO)) })).toEqual({ status: 200, body: typename });
    expect(await get({ documentId: `sha256:${hex(HELLO)}` })).toEqual({ status: 200, body: typename });
    const mutation = await get({ extensions: apq(hex(MUTATE)) });
    expect(mutation.status).toBe(405);
    expect(mutation.body.data).toBeUndefined();
    expect(await post({ extensions: apq(hex(MUTATE)) })).toEqual({ status: 200, body: { data: { __typename: 'Mutation' } } });
  });

  it('refuses an unknown hash with 400 PERSISTED_QUERY_NOT_FOUND', async () => {
    for (const result of [
      await post({ extensions: apq(UNKNOWN) }),
      await post({ documentId: `sha256:${UNKNOWN}` }),
      await post({ documentId: 'not-a-hash' }),
      await get({ extensions: apq(UNKNOWN) }),
    ]) {
      expect(result.status).toBe(400);
      expect(result.body.data).toBeUndefined();
      expect(result.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(result.body.errors?.[0]?.message).toMatch(/Persisted operation not found/);
    }
  });

  if (mode === 'allow') {
    it('still runs arbitrary documents (GraphiQL, curl), over POST and GET', async () => {
      expect(await post({ query: ARBITRARY })).toEqual({ status: 200, body: typename });
      expect(await get({ query: ARBITRARY })).toEqual({ status: 200, body: typename });
    });

    it('answers a request with neither a document nor an id as yoga does without the plugin', async () => {
      const result = await post({ variables: {} });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.message).toBe('Must provide query string.');
    });
  } else {
    it('refuses arbitrary documents, even one that is in the manifest, with 400', async () => {
      for (const result of [
        await post({ query: ARBITRARY }),
        await post({ query: HELLO }),
        await get({ query: ARBITRARY }),
        await post({ variables: {} }),
      ]) {
        expect(result.status).toBe(400);
        expect(result.body.data).toBeUndefined();
        expect(result.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
        expect(result.body.errors?.[0]?.message).toMatch(/Only persisted operations/);
      }
    });
  }
});

describe('persisted operations, off', () => {
  const { post } = appWith({ mode: 'off', manifest });

  it('ignores hashes and runs documents', async () => {
    expect((await post({ extensions: apq(hex(HELLO)) })).status).toBe(400);
    expect(await post({ query: ARBITRARY })).toEqual({ status: 200, body: typename });
  });
});

describe('the manifest generated by `npm run codegen`', () => {
  it('is the default, and runs an operation of operations/ by its hash as its document would run', async () => {
    const hash = ViewerDocument.__meta__?.hash as string;
    expect(hash).toMatch(/^sha256:[a-f0-9]{64}$/);
    const { post } = appWith({ mode: 'only' });
    const byHash = await post({ documentId: hash, operationName: 'Viewer' });
    const direct = await appWith({ mode: 'off' }).post({ query: ViewerDocument.toString(), operationName: 'Viewer' });
    expect(byHash).toEqual(direct);
    expect(byHash.body.errors?.[0]?.extensions?.code).not.toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('settings', () => {
  it('defaults to allow and the generated manifest; refuses unknown modes naming the setting', () => {
    const settings = parseEnv({ NODE_ENV: 'test' });
    expect(settings.PERSISTED_OPERATIONS).toBe('allow');
    expect(settings.PERSISTED_OPERATIONS_MANIFEST).toBe('src/generated/graphql/persisted-documents.json');
    expect(() => parseEnv({ NODE_ENV: 'test', PERSISTED_OPERATIONS: 'strict' })).toThrow(/PERSISTED_OPERATIONS/);
  });

  it('stops the start when `only` has no manifest, naming the setting; `allow` starts and refuses every hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    try {
      const missing = join(dir, 'missing.json');
      expect(() => appWith({ mode: 'only', manifest: missing })).toThrow(ConfigError);
      expect(() => appWith({ mode: 'only', manifest: missing })).toThrow(/PERSISTED_OPERATIONS_MANIFEST: .*missing\.json does not exist/);
      const { post } = appWith({ mode: 'allow', manifest: missing });
      expect((await post({ extensions: apq(hex(HELLO)) })).status).toBe(400);
      expect(await post({ query: ARBITRARY })).toEqual({ status: 200, body: typename });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops the start on a corrupt manifest or one whose hashes do not match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'persisted-'));
    try {
      const file = join(dir, 'manifest.json');
      writeFileSync(file, '{ not json');
      expect(() => appWith({ mode: 'allow', manifest: file })).toThrow(/PERSISTED_OPERATIONS_MANIFEST: .*not readable JSON/);
      writeFileSync(file, JSON.stringify({ [`sha256:${hex(HELLO)}`]: MUTATE }));
      expect(() => appWith({ mode: 'allow', manifest: file })).toThrow(/does not match its document/);
      writeFileSync(file, JSON.stringify(manifest));
      expect(() => appWith({ mode: 'only', manifest: file })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
