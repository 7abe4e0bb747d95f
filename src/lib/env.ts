import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

/**
 * Every setting the API reads, declared once. A missing or malformed setting stops the process at
 * start with a message naming it. `.env.example` lists the same settings with their defaults.
 */
const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/**
 * Clerk's PEM loader (@clerk/backend 3.x, loadClerkJwkFromPem) only understands a 2048-bit RSA
 * key with exponent 65537: any other key makes every token fail with "signature is invalid".
 * Checked here so a wrong key stops the start instead of rejecting every request.
 */
function isClerkPem(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    const details = key.asymmetricKeyDetails;
    return (
      key.asymmetricKeyType === 'rsa' && details?.modulusLength === 2048 && details.publicExponent === 65537n
    );
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const list = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((v) => v.length > 0, 'must list at least one origin');

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string');
/** A plain lower-case PostgreSQL role name (safe to quote into SET ROLE). */
export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Where respondent links point outside production when SURVEY_BASE_URL is unset. */
export const DEV_SURVEY_BASE_URL = 'http://localhost:3000/survey';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL connection string. Without it the server starts an embedded PostgreSQL. */
  DATABASE_URL: postgresUrl.optional(),
  /**
   * Connection string of the role that owns the schema, for migrations only (`npm run db:deploy`,
   * `db:setup`, `db:migrate`, `db:reset`, Studio). Unset: those use DATABASE_URL. Setting it lets
   * DATABASE_URL be a login that owns nothing (README, "Database roles and TLS").
   */
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** `application_name` of the pool's connections (pg_stat_activity, logs): e.g. one per deployment or instance. */
  DATABASE_APPLICATION_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,63}$/, 'letters, digits, ".", "_" or "-", at most 63 characters')
    .default('influencer-api'),
  /** How long a request waits for a pooled connection before failing (pg waits forever by default). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  /**
   * Query shapes whose compiled Prisma plan is kept per client, least recently used out first
   * (src/lib/db/plan-cache.ts); 0 compiles every query as Prisma 6 does by itself.
   */
  QUERY_PLAN_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(1_000),
  /**
   * Compile every query answered from the plan cache as well, and fail it when the plans differ:
   * the test suite sets it, so every query it runs checks the cache. Doubles compile work.
   */
  QUERY_PLAN_CACHE_VERIFY: bool.default(false),
  /**
   * CA certificate (PEM file) that signs the database server's certificate, for `sslmode=verify-ca`
   * / `verify-full` in DATABASE_URL (`sslrootcert=<path>` in the URL wins). Set without an sslmode
   * in the URL, it means verify-full. See src/lib/db/connection.ts for the sslmode rules (libpq's).
   */
  DATABASE_SSL_CA_FILE: z.string().trim().min(1).optional(),
  /**
   * Role every pooled connection switches to (`SET ROLE`) before its first query, e.g.
   * `app_runtime` (created by the row-level-security migration): row-level security then applies
   * even when DATABASE_URL logs in as the table owner or a superuser. Unset: the login role.
   */
  DATABASE_RUNTIME_ROLE: z
    .string()
    .regex(ROLE_NAME, 'must be a plain lower-case PostgreSQL role name, e.g. app_runtime')
    .optional(),
  /**
   * A streaming replica of DATABASE_URL: the execution of GraphQL query operations reads from it
   * (src/lib/db/replica.ts); everything else, and any read it cannot serve, uses the primary.
   * Same pool size, timeouts, runtime role and TLS settings as the primary. Unset: no replica.
   */
  DATABASE_REPLICA_URL: postgresUrl.optional(),
  /** Read from the replica only while its replay lag is at most this many ms (probed every second). Unset: no lag check. */
  DATABASE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  /** Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set (git-ignored). */
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Seed demo data on the embedded database's first start (a `.seeded` marker file records it). */
  SEED_ON_FIRST_START: bool.default(true),
  /** Serve GraphiQL at GET /graphql. Defaults to on outside production. */
  GRAPHIQL: bool.optional(),
  /** Milliseconds to let in-flight requests finish on SIGTERM/SIGINT before closing anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Run the retention job inside the server every N hours; 0 (default) leaves it to `npm run jobs:retention`. */
  RETENTION_INTERVAL_HOURS: z.coerce.number().int().min(0).max(24 * 30).default(0),
  /**
   * Clerk's PEM public key: session tokens are then verified without network calls. `\n` escapes
   * are accepted so the key fits on one line of a .env file.
   */
  CLERK_JWT_KEY: z
    .string()
    .transform((v) => v.replace(/\\n/g, '\n').trim())
    .refine(isClerkPem, 'must be the 2048-bit RSA public key (PEM) from the Clerk dashboard')
    .optional(),
  /** Clerk secret key: used to fetch the JWKS from Clerk when CLERK_JWT_KEY is not set. */
  CLERK_SECRET_KEY: z
    .string()
    .regex(/^sk_(test|live)_/, 'must be a Clerk secret key (sk_test_... or sk_live_...)')
    .optional(),
  /** Clerk Backend API base URL for deleting users (default Clerk's own): a proxy, or a local stand-in in tests. */
  CLERK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Minutes between runs of the identity-deletion job inside the server (0: off; needs CLERK_SECRET_KEY). */
  IDENTITY_DELETION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(15),
  /** Expected `iss` of session tokens: the Clerk Frontend API URL, e.g. https://clerk.example.com. */
  CLERK_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** Comma-separated origins allowed in the `azp` claim, e.g. https://app.example.com. */
  CLERK_AUTHORIZED_PARTIES: list.optional(),
  /** Tolerance for clock differences when checking `exp`, `nbf` and `iat`. */
  CLERK_CLOCK_SKEW_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /**
   * Signing secret of the Clerk webhook endpoint (Svix, `whsec_<base64>`), checked on every
   * POST /webhooks/clerk. Unset: the endpoint answers 503.
   */
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .trim()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be the webhook signing secret from the Clerk dashboard (whsec_...)')
    .optional(),
  /**
   * Shared secret of the InsightIQ webhook: POST /webhooks/insightiq must carry
   * `x-insightiq-signature: sha256=<hex HMAC-SHA256 of the raw body>`. Unset: the endpoint answers 503.
   */
  INSIGHTIQ_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Origins (scheme://host[:port]) allowed to call the API from a browser on another origin,
   * comma-separated. Unset: same-origin only (no CORS headers at all). Credentials are never allowed.
   */
  CORS_ORIGINS: list
    .refine((origins) => origins.every(isOrigin), 'must be comma-separated origins like https://app.example.com')
    .optional(),
  /** Largest request body accepted, in bytes (413 above it). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(50_000_000).default(100_000),
  /** Most aliases one operation may use. */
  MAX_ALIASES: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Most lexical tokens one operation may have (checked while parsing). */
  MAX_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(5_000),
  /** Most directives one operation may use. */
  MAX_DIRECTIVES: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Operations per batched request (a JSON array body). 0 (default): batching is off. */
  GRAPHQL_BATCH_LIMIT: z.coerce.number().int().min(0).max(100).default(0),
  /**
   * Persisted operations (src/lib/http/persisted.ts): off, allow (a known hash runs its document;
   * full documents run too) or only (nothing but the manifest's operations runs).
   */
  PERSISTED_OPERATIONS: z.enum(['off', 'allow', 'only']).default('allow'),
  /** The manifest written by `npm run codegen` (sha256 hash -> document), relative to the working directory. */
  PERSISTED_OPERATIONS_MANIFEST: z.string().trim().min(1).default('src/generated/graphql/persisted-documents.json'),
  /** Serve introspection and "Did you mean …" suggestions. Defaults to on outside production. */
  GRAPHQL_INTROSPECTION: bool.optional(),
  /** Rate limiting of GraphQL operations. Defaults to on, except with NODE_ENV=test. */
  RATE_LIMIT_ENABLED: bool.optional(),
  /** Operations per minute for one signed-in user. */
  RATE_LIMIT_PER_MINUTE_USER: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Operations per minute for one client address (anonymous requests). */
  RATE_LIMIT_PER_MINUTE_IP: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /** Redis for the rate-limit counters (shared by all instances). Unset: in-process memory. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Longest a request waits for Redis (connect or command) before the limiter fails open. */
  REDIS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  /**
   * The API runs behind one trusted reverse proxy: the client address is the last entry of
   * x-forwarded-for. Off: the socket's peer address (a forwarded header is ignored).
   */
  TRUST_PROXY: bool.default(false),
  /**
   * Secret (at least 32 characters) that signs brand-lift respondent links (HMAC-SHA256).
   * Required in production (checked at start below, and again by brand-lift.tokens.ts before it
   * signs or verifies); elsewhere, unset means a random per-process secret (with a warning),
   * so links stop working when the process restarts.
   */
  SURVEY_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * The survey page respondents open: a brand-lift respondent link is this URL with the signed
   * token added as the `token` query parameter (other query parameters are kept). Required in
   * production (links to localhost would reach no respondent); elsewhere unset means the local
   * development front end, DEV_SURVEY_BASE_URL.
   */
  SURVEY_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .refine((v) => !v.includes('#'), 'must not contain a #fragment')
    .optional(),
  /**
   * OpenTelemetry (src/lib/telemetry.ts), the standard variables. Tracing is on only when one of
   * the two endpoints is set: OTEL_EXPORTER_OTLP_ENDPOINT is the collector's base URL (`/v1/traces`
   * is appended), OTEL_EXPORTER_OTLP_TRACES_ENDPOINT the full traces URL (wins). Unset: no SDK.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** Spans are sent as OTLP/HTTP JSON, which every OTLP/HTTP receiver accepts; gRPC is not supported. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/json'], 'must be http/json: spans go as OTLP/HTTP JSON (protobuf and gRPC are not supported)').optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/json'], 'must be http/json: spans go as OTLP/HTTP JSON (protobuf and gRPC are not supported)').optional(),
  /** `service.name` of every span (else `service.name` from OTEL_RESOURCE_ATTRIBUTES, else influencer-api). */
  OTEL_SERVICE_NAME: z.string().trim().min(1).optional(),
  /** Extra resource attributes, `key=value` pairs separated by commas (values URL-encoded). */
  OTEL_RESOURCE_ATTRIBUTES: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((pairs) => pairs.every((p) => /^[^=\s]+=.*$/.test(p)), 'must be key=value pairs separated by commas')
    .transform((pairs) => Object.fromEntries(pairs.map((p) => {
      const at = p.indexOf('=');
      return [p.slice(0, at), decodeURIComponent(p.slice(at + 1).trim())];
    })) as Record<string, string>)
    .optional(),
  /** The standard sampler names; default parentbased_always_on (a caller's sampled flag is followed). */
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on'),
  /** Ratio (0..1) of traces kept by the traceidratio samplers. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** true: no tracing even with an endpoint set. */
  OTEL_SDK_DISABLED: bool.default(false),
}).superRefine((env, ctx) => {
  // The embedded PostgreSQL has no replica: a replica URL without DATABASE_URL is a mistake.
  if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['DATABASE_REPLICA_URL'], message: 'needs DATABASE_URL (the primary)' });
  }
  // Respondent links must reach a real survey page and be signed with a stable secret: a
  // production server must make up neither.
  if (env.NODE_ENV === 'production' && !env.SURVEY_BASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['SURVEY_BASE_URL'], message: 'is required in production' });
  }
  if (env.NODE_ENV === 'production' && !env.SURVEY_TOKEN_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SURVEY_TOKEN_SECRET'], message: 'is required in production' });
  }
  // The secret key travels with every call to it: plain HTTP only to this machine.
  if (env.NODE_ENV === 'production' && env.CLERK_API_URL && !/^https:|^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(env.CLERK_API_URL)) {
    ctx.addIssue({ code: 'custom', path: ['CLERK_API_URL'], message: 'must be https in production (http only for loopback)' });
  }
  // @clerk/backend checks `iss` and `azp` only when told what to expect: a production server
  // verifying real tokens must say, or it would accept another Clerk instance's tokens.
  if (env.NODE_ENV !== 'production' || !(env.CLERK_JWT_KEY || env.CLERK_SECRET_KEY)) return;
  for (const key of ['CLERK_ISSUER', 'CLERK_AUTHORIZED_PARTIES'] as const) {
    if (env[key]) continue;
    ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production when Clerk is configured' });
  }
});

export type Env = z.infer<typeof schema> & {
  GRAPHIQL: boolean;
  GRAPHQL_INTROSPECTION: boolean;
  RATE_LIMIT_ENABLED: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = result.data;
  return {
    ...env,
    GRAPHIQL: env.GRAPHIQL ?? env.NODE_ENV !== 'production',
    GRAPHQL_INTROSPECTION: env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== 'production',
    // The suite's in-process clients share one address; rate-limit tests turn it on explicitly.
    RATE_LIMIT_ENABLED: env.RATE_LIMIT_ENABLED ?? env.NODE_ENV !== 'test',
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
