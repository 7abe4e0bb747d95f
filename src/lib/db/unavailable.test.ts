import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { briefCause, isDatabaseUnavailable } from './unavailable';

// Plain checks of the classification; test/database/outage.test.ts stops a real PostgreSQL under load.
describe('which errors mean "the database is unavailable"', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
  it('connection failures, shutdowns and start-ups, however wrapped', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('08006', 'connection failure'))).toBe(true);
    // Prisma's shapes: a known request error carrying the driver adapter's error, inside a GraphQLError.
    const prisma = Object.assign(new Error('Raw query failed.'), {
      code: 'P2010',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01' } } },
    });
    expect(isDatabaseUnavailable(new GraphQLError('x', { originalError: prisma }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'P1001' }))).toBe(true);
  });
  it('not bugs, bad input, TLS or credentials', () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('28P01', 'password authentication failed for user "x"'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'P2002' }))).toBe(false);
  });
});

describe('briefCause', () => {
  it('is the last line of the message, cut to the limit', () => {
    expect(briefCause(new Error('Invalid `prisma.user.findMany()` invocation:\n\nconnect ECONNREFUSED 127.0.0.1:5432\n'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(briefCause('x'.repeat(300), 200)).toHaveLength(200);
  });
});
