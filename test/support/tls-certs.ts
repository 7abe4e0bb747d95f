import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway certificate authority and a server certificate it signed, made with the openssl CLI
 * (installed with PostgreSQL on Debian: postgresql-common → ssl-cert → openssl). Files live in a
 * temporary folder; remove() deletes it.
 */
export interface TestCertificates {
  dir: string;
  /** PEM of the CA that signed the server certificate, and its path. */
  caCert: string;
  caFile: string;
  /** PEM of an unrelated self-signed CA (the "wrong CA"), and its path. */
  otherCaFile: string;
  serverCert: string;
  serverKey: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
}

function makeCa(cwd: string, name: string, cn: string): void {
  openssl(
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', `/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    cwd,
  );
}

/** CA + server certificate valid for `altNames` (default: DNS localhost and IP 127.0.0.1). */
export function makeTestCertificates(altNames = 'DNS:localhost,IP:127.0.0.1'): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'pg-tls-'));
  try {
    makeCa(dir, 'ca', 'influencer-api test CA');
    makeCa(dir, 'other-ca', 'unrelated test CA');
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
    writeFileSync(
      join(dir, 'server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${altNames}`,
      ].join('\n') + '\n',
    );
    openssl(
      ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-sha256', '-days', '2', '-out', 'server.crt', '-extfile', 'server.ext'],
      dir,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    caCert: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    caFile: join(dir, 'ca.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
    serverCert: readFileSync(join(dir, 'server.crt'), 'utf8'),
    serverKey: readFileSync(join(dir, 'server.key'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
