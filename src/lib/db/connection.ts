import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';

/**
 * Turns a PostgreSQL connection string into pg settings with libpq's meaning of `sslmode`.
 *
 * pg 8 (pg-connection-string 2) treats `sslmode=require` and `verify-ca` as `verify-full` unless
 * the URL also says `uselibpqcompat=true`, so a URL copied from a provider's console either fails
 * (require against a server whose CA Node does not know) or means something other than it says.
 * Here the TLS options are built from the URL's `ssl*` parameters as libpq does, and those
 * parameters are removed from the string handed to pg, so pg cannot reinterpret them:
 *
 * | sslmode | encrypted | CA chain checked | host name checked |
 * | --- | --- | --- | --- |
 * | `disable` | no | | |
 * | `allow`, `prefer`, `require` | yes (pg cannot fall back to plain text, so all three insist on TLS) | only with a CA file (libpq: a root certificate turns `require` into `verify-ca`) | no |
 * | `verify-ca` | yes | yes (a CA file is required) | no |
 * | `verify-full` | yes | yes (CA file, else Node's public CAs) | yes (DNS name or IP address in the certificate) |
 *
 * The CA file is `sslrootcert=<path>` in the URL, else DATABASE_SSL_CA_FILE; `sslrootcert=system`
 * means the public CAs and requires verify-full (as in libpq 16). With DATABASE_SSL_CA_FILE set and
 * no `sslmode` in the URL, the mode is `verify-full`: configuring a CA means wanting it checked.
 * `sslcert`/`sslkey`/`sslpassword` give a client certificate. A URL with neither `sslmode` nor a CA
 * file is passed to pg unchanged (no TLS, or pg's own `ssl=true` / PGSSLMODE handling). Any other
 * parameter starting with `ssl` (`sslcrl`, `sslcrldir`, `SSLMODE`, `sslMode`, …) is refused, and so is
 * a string that is not a URL (with a message that does not repeat it: it holds the password).
 */
export interface ConnectionSslOptions {
  /** CA certificate file (PEM) used when the URL has no `sslrootcert`: the DATABASE_SSL_CA_FILE setting. */
  caFile?: string;
}

const SSL_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'uselibpqcompat'] as const;
const MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof MODES)[number];

export class DatabaseTlsConfigError extends Error {
  override name = 'DatabaseTlsConfigError';
}

/** The `ssl*` URL parameters understood here (anything else starting with `ssl` is refused). */
const SUPPORTED_SSL_PARAMS = new Set(['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword']);

/**
 * `new URL(connectionString)`, without the URL in the error. Node's ERR_INVALID_URL carries the
 * whole input (password included) in an enumerable `input` property, which a logger would print.
 */
export function parseDatabaseUrl(connectionString: string): URL {
  try {
    return new URL(connectionString);
  } catch {
    throw new DatabaseTlsConfigError(
      'the database URL is not a valid URL (expected postgresql://user:password@host:port/database?params; percent-encode special characters in the password)',
    );
  }
}

/** The database name of a connection URL (percent-decoded). */
export function databaseNameOf(connectionString: string): string {
  return decodeURIComponent(parseDatabaseUrl(connectionString).pathname.slice(1));
}

/** The same server, user and parameters, another database. */
export function withDatabaseName(connectionString: string, database: string): string {
  const url = parseDatabaseUrl(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Refuses `ssl*` parameters outside the supported set (`SSLMODE=`, `sslMode=`, `sslcrl`,
 * `sslcrldir`, `sslsni`, …): ignored, they would leave the connection less protected than the URL
 * says (e.g. plain text where `SSLMODE=require` was meant).
 */
function checkSslParams(params: URLSearchParams): void {
  for (const name of new Set(params.keys())) {
    if (/^ssl/i.test(name) && !SUPPORTED_SSL_PARAMS.has(name)) {
      throw new DatabaseTlsConfigError(
        `unsupported TLS parameter "${name.slice(0, 40)}" in the database URL (supported, lower case: ${[...SUPPORTED_SSL_PARAMS].join(', ')})`,
      );
    }
  }
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DatabaseTlsConfigError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The effective sslmode of a URL under these rules, or null when pg's own handling applies. */
export function effectiveSslMode(connectionString: string, options: ConnectionSslOptions = {}): SslMode | null {
  const params = parseDatabaseUrl(connectionString).searchParams;
  checkSslParams(params);
  const mode = params.get('sslmode') ?? (params.get('sslrootcert') || options.caFile ? 'verify-full' : null);
  if (mode !== null && !(MODES as readonly string[]).includes(mode)) {
    throw new DatabaseTlsConfigError(`unsupported sslmode "${mode}" in the database URL (use one of ${MODES.join(', ')})`);
  }
  return mode as SslMode | null;
}

/** pg Client/Pool settings for `connectionString`: the string without its ssl* parameters, plus `ssl`. */
export function pgConnectionConfig(connectionString: string, options: ConnectionSslOptions = {}): pg.ClientConfig {
  const mode = effectiveSslMode(connectionString, options);
  if (mode === null) return { connectionString };
  const url = parseDatabaseUrl(connectionString);
  const params = url.searchParams;
  const rootCert = params.get('sslrootcert') || options.caFile || null;
  const certFile = params.get('sslcert');
  const keyFile = params.get('sslkey');
  const passphrase = params.get('sslpassword') ?? undefined;
  for (const name of SSL_PARAMS) params.delete(name);
  // pg-connection-string would also turn a leftover `ssl=…` into TLS settings of its own.
  params.delete('ssl');
  const stripped = url.toString();
  if (mode === 'disable') return { connectionString: stripped, ssl: false };

  const systemCas = rootCert === 'system';
  if (systemCas && mode !== 'verify-full') {
    throw new DatabaseTlsConfigError(`sslrootcert=system needs sslmode=verify-full (the URL says sslmode=${mode})`);
  }
  const ca = rootCert && !systemCas ? readPem(rootCert, 'CA certificate file (sslrootcert / DATABASE_SSL_CA_FILE)') : undefined;
  if (mode === 'verify-ca' && !ca) {
    throw new DatabaseTlsConfigError(
      'sslmode=verify-ca needs a CA certificate file: sslrootcert=<path> in the URL or DATABASE_SSL_CA_FILE',
    );
  }
  const ssl: ConnectionOptions = {};
  if (ca) ssl.ca = ca;
  if (certFile) ssl.cert = readPem(certFile, 'client certificate file (sslcert)');
  if (keyFile) ssl.key = readPem(keyFile, 'client key file (sslkey)');
  if (passphrase !== undefined) ssl.passphrase = passphrase;
  if (mode === 'verify-full') {
    ssl.rejectUnauthorized = true; // chain and host name (Node's default checkServerIdentity)
  } else if (ca) {
    ssl.rejectUnauthorized = true; // verify-ca, or require/prefer/allow with a CA: chain only
    ssl.checkServerIdentity = () => undefined;
  } else {
    ssl.rejectUnauthorized = false; // require/prefer/allow: encrypted, not authenticated
  }
  return { connectionString: stripped, ssl };
}

/**
 * pgConnectionConfig for the command-line paths (migrations inside the Prisma CLI, database
 * create/drop): DATABASE_SSL_CA_FILE is read from the environment itself rather than through
 * env(), which would also demand the server's unrelated settings.
 */
export function cliConnectionConfig(connectionString: string): pg.ClientConfig {
  return pgConnectionConfig(connectionString, { caFile: process.env.DATABASE_SSL_CA_FILE || undefined });
}
