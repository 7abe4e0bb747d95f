import { describe, expect, it } from '@jest/globals';
import { createDb } from '../../src/lib/db/client';
import { DatabaseTlsConfigError, effectiveSslMode, pgConnectionConfig } from '../../src/lib/db/connection';
import { ensureDatabase } from '../../src/lib/db/migrate';

// How src/lib/db/connection.ts reads a connection string before any connection is made: no
// cluster needed. A malformed URL or an ssl* parameter it does not understand is a configuration
// error that names the problem but never repeats the URL (it holds the password).

const PASSWORD = 's3cr3t-pw';

/** Everything a logger would print of an error: message, stack and every own enumerable property. */
function printed(error: unknown): string {
  const e = error as Error & Record<string, unknown>;
  return JSON.stringify({ ...e, message: e.message, stack: e.stack, cause: e.cause });
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a malformed database URL', () => {
  // A password with an unencoded '#' or '/' or a bad port makes the string no URL at all.
  const malformed = [
    `postgresql://app:${PASSWORD}@db.example.com:54x32/app`,
    `postgresql://app:${PASSWORD}@[db.example.com/app`,
  ];

  it('is refused with a configuration error that does not contain the URL or the password', async () => {
    for (const url of malformed) {
      for (const error of [thrownBy(() => pgConnectionConfig(url)), thrownBy(() => effectiveSslMode(url)), thrownBy(() => createDb(url))]) {
        expect(error).toBeInstanceOf(DatabaseTlsConfigError);
        expect((error as Error).message).toMatch(/not a valid URL/);
        expect(printed(error)).not.toContain(PASSWORD);
        expect(printed(error)).not.toContain('db.example.com');
        expect((error as { input?: unknown }).input).toBeUndefined();
      }
      const migrateError = await ensureDatabase(url).then(
        () => null,
        (error: unknown) => error,
      );
      expect(migrateError).toBeInstanceOf(DatabaseTlsConfigError);
      expect(printed(migrateError)).not.toContain(PASSWORD);
    }
  });
});

describe('ssl parameters', () => {
  const base = `postgresql://app:${PASSWORD}@127.0.0.1:5432/app`;

  it('refuses the ones it does not support instead of silently connecting in plain text', () => {
    for (const param of ['SSLMODE=require', 'sslMode=require', 'sslcrl=/etc/crl.pem', 'sslcrldir=/etc/crl', 'sslsni=1', 'sslcompression=1']) {
      const error = thrownBy(() => pgConnectionConfig(`${base}?${param}`));
      expect([param, error instanceof DatabaseTlsConfigError]).toEqual([param, true]);
      expect((error as Error).message).toContain(`"${param.split('=')[0]}"`);
      expect(printed(error)).not.toContain(PASSWORD);
      // Also next to a supported sslmode.
      expect(() => pgConnectionConfig(`${base}?sslmode=require&${param}`)).toThrow(DatabaseTlsConfigError);
    }
  });

  it('still accepts the supported ones', () => {
    expect(pgConnectionConfig(`${base}?sslmode=require`).ssl).toMatchObject({ rejectUnauthorized: false });
    expect(pgConnectionConfig(`${base}?sslmode=disable`).ssl).toBe(false);
    expect(pgConnectionConfig(base)).toEqual({ connectionString: base });
    expect(pgConnectionConfig(`${base}?ssl=true`)).toEqual({ connectionString: `${base}?ssl=true` });
    expect(pgConnectionConfig(`${base}?sslmode=verify-full&sslrootcert=system`).ssl).toMatchObject({ rejectUnauthorized: true });
  });
});
