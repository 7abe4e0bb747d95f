import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  defaultExtractPersistedOperationId,
  usePersistedOperations,
  type ExtractPersistedOperationId,
} from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ConfigError, env } from '../env';
import { logger } from '../logger';

/**
 * Persisted operations (README, "Persisted operations and GraphQL over HTTP").
 *
 * `npm run codegen` writes the manifest of the operations in operations/ (the client preset's
 * persisted-documents.json: `"sha256:<hex>": "<document>"`). A client sends the hash instead of
 * the document, either Apollo-style as `extensions.persistedQuery.sha256Hash` (with `version: 1`)
 * or as `documentId` (the client preset's `document.__meta__.hash`), in a JSON POST or a GET.
 *
 * - off: hashes are not looked up; only full documents run.
 * - allow (default): a hash runs the manifest's document; full documents run too (GraphiQL, curl).
 * - only: nothing but the manifest's operations runs; a full document is refused.
 *
 * Persisted documents go through the same parsing, validation, limits and auth as any other.
 */
export type PersistedOperationsMode = 'off' | 'allow' | 'only';

export interface PersistedOperationsOptions {
  /** PERSISTED_OPERATIONS. */
  mode?: PersistedOperationsMode;
  /** PERSISTED_OPERATIONS_MANIFEST: a path (relative to the working directory) or the manifest itself. */
  manifest?: string | Record<string, string>;
}

const HEX_SHA256 = /^[a-f0-9]{64}$/;

/** "sha256:<hex>" or "<hex>", any case, to "<hex>"; null if it is neither. */
function normalizeId(id: string): string | null {
  const hex = id.trim().toLowerCase().replace(/^sha256:/, '');
  return HEX_SHA256.test(hex) ? hex : null;
}

/**
 * Reads and checks a manifest: every key must be the sha256 of its document (what codegen
 * writes), so a hand-edited or corrupt file stops the start instead of running the wrong document.
 */
export function parseManifest(raw: unknown, source: string): Map<string, string> {
  const problem = (message: string) =>
    new ConfigError(`Invalid configuration:\n  PERSISTED_OPERATIONS_MANIFEST: ${source} ${message}`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw problem('must be a JSON object of hash -> document');
  const documents = new Map<string, string>();
  for (const [key, document] of Object.entries(raw)) {
    const hex = normalizeId(key);
    if (!hex || typeof document !== 'string') throw problem(`has an invalid entry "${key}" (expected "sha256:<hex>": "<document>")`);
    if (createHash('sha256').update(document).digest('hex') !== hex) {
      throw problem(`has an entry "${key}" whose hash does not match its document (run \`npm run codegen\`)`);
    }
    documents.set(hex, document);
  }
  return documents;
}

function loadManifest(mode: PersistedOperationsMode, manifest: string | Record<string, string>): Map<string, string> {
  if (typeof manifest !== 'string') return parseManifest(manifest, 'manifest');
  const path = resolve(manifest);
  if (!existsSync(path)) {
    if (mode === 'only') {
      throw new ConfigError(
        `Invalid configuration:\n  PERSISTED_OPERATIONS_MANIFEST: ${path} does not exist, and PERSISTED_OPERATIONS=only ` +
          'needs it (generate it with `npm run codegen`, or point the setting at the deployed manifest)',
      );
    }
    logger.warn({ manifest: path }, 'persisted-operation manifest not found: every persisted operation id will be refused');
    return new Map();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  PERSISTED_OPERATIONS_MANIFEST: ${path} is not readable JSON (${(error as Error).message})`,
    );
  }
  return parseManifest(raw, path);
}

/** Apollo's `extensions.persistedQuery.sha256Hash`, else `documentId` (JSON body or GET query string). */
const extractPersistedOperationId: ExtractPersistedOperationId = (params, request, context) => {
  const fromExtensions = defaultExtractPersistedOperationId(params, request, context);
  if (fromExtensions) return fromExtensions;
  const documentId = (params as { documentId?: unknown }).documentId;
  if (typeof documentId === 'string' && documentId) return documentId;
  if (request.method === 'GET') return new URL(request.url).searchParams.get('documentId') || null;
  return null;
};

const badRequest = (message: string, code: string, headers?: Record<string, string>) =>
  createGraphQLError(message, { extensions: { code, http: { status: 400, ...(headers ? { headers } : {}) } } });

const HOW = 'Send the hash of a known operation as extensions.persistedQuery.sha256Hash or documentId.';

/**
 * The persisted-operations plugin for `mode` (none when off). Loading happens here, at app
 * creation: a missing manifest with `only`, or a corrupt one, stops the start with a ConfigError.
 */
export function persistedOperationsPlugins(options: PersistedOperationsOptions = {}): Plugin[] {
  const mode = options.mode ?? env().PERSISTED_OPERATIONS;
  if (mode === 'off') return [];
  const documents = loadManifest(mode, options.manifest ?? env().PERSISTED_OPERATIONS_MANIFEST);
  logger.info({ mode, operations: documents.size }, 'persisted operations');
  const plugin = usePersistedOperations({
    allowArbitraryOperations: mode === 'allow',
    extractPersistedOperationId,
    getPersistedOperation: (id) => {
      const hex = normalizeId(id);
      return (hex && documents.get(hex)) ?? null;
    },
    customErrors: {
      notFound: () => badRequest(`Persisted operation not found. ${HOW}`, 'PERSISTED_QUERY_NOT_FOUND'),
      // A full document while only persisted operations may run.
      persistedQueryOnly: () => badRequest(`Only persisted operations are accepted here. ${HOW}`, 'PERSISTED_QUERY_NOT_FOUND'),
      // Neither a document nor an id (only reached with `only`, see below).
      keyNotFound: () => badRequest(`Only persisted operations are accepted here. ${HOW}`, 'PERSISTED_QUERY_NOT_FOUND'),
    },
  }) as Plugin;
  const lookUp = plugin.onParams!;
  return [
    {
      ...plugin,
      onParams(payload) {
        // With `allow`, a request with neither a document nor an id is left to yoga's own checks
        // (400 "Unexpected parameter", "Must provide query string.", ... as without this plugin).
        const { params, request } = payload;
        if (mode === 'allow' && !params.query && extractPersistedOperationId(params, request, {}) == null) return;
        return lookUp(payload);
      },
    },
  ];
}
