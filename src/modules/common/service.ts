import type { z } from 'zod';
import { Prisma } from '../../generated/prisma/client.ts';
import { db } from '../../lib/db/client';
import { setTenantInTransaction } from '../../lib/db/tenant-scope';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors';
import type { TenantViewer } from '../../lib/tenancy';

/** What every module's services share: the tenant transaction, input parsing, unique conflicts. */
export type Tx = Prisma.TransactionClient;

/** Request facts services record (in audit entries) but do not decide on. */
export interface CommandMeta {
  requestId?: string | null;
}

/**
 * Pothos's query for a payload whose selection reads no column (only `__typename`) is
 * `{ select: {} }`, which Prisma rejects; such a payload needs no particular columns.
 */
export function usable<Q extends object>(query: Q): Q {
  const select = (query as { select?: object }).select;
  return select && Object.keys(select).length === 0 ? ({} as Q) : query;
}

/** An interactive transaction acting as the viewer's organization (row-level security). */
export function inTenantTransaction<T>(viewer: TenantViewer, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await setTenantInTransaction(tx, { organizationId: viewer.organizationId });
    return fn(tx);
  });
}

/** Zod issues as FieldIssues, their paths under `prefix` (`input` for mutation inputs). */
export function issuesOf(error: z.ZodError, prefix: string[] = ['input']): FieldIssue[] {
  return error.issues.map((issue) => ({ path: [...prefix, ...issue.path.map(String)], message: issue.message }));
}

/** Parses input with a schema or throws a ValidationError naming every invalid field under `input`. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message = 'Invalid input'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(message, issuesOf(result.error));
}

export function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Runs fn and reports a unique-constraint violation as the given conflict. */
export async function mapUniqueViolation<T>(message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(message);
    throw error;
  }
}
