import { AsyncLocalStorage } from 'node:async_hooks';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { logger } from '../logger';
import { lazyPromise } from './lazy';

/**
 * The tenant a piece of work runs as, for PostgreSQL row-level security (migration
 * 20261125110000_row_level_security; README: Authentication, "Row-level security").
 *
 * The policies compare each row's organizationId with two transaction-local settings:
 *   app.organization_id  the organization the session acts in ('' = none: nothing matches)
 *   app.rls_bypass       'on' lets a system path see and write every tenant's rows
 * This module holds the scope in an AsyncLocalStorage and sets both settings in front of every
 * query. RLS applies only to roles that are neither superuser nor BYPASSRLS, so it protects a
 * server running with DATABASE_RUNTIME_ROLE (app_runtime); on a superuser connection (local
 * development, the tests' own client) the settings are harmless and change nothing.
 */
export interface TenantScope {
  /** The viewer's organization; null: no tenant (anonymous, or no active organization). */
  organizationId: string | null;
  /** The explicit, logged bypass of system paths (webhooks, lazy creation on sign-in). */
  bypass: boolean;
}

const storage = new AsyncLocalStorage<TenantScope>();

/** The active scope, or undefined outside any (scripts, test factories, the seed). */
export function currentTenantScope(): TenantScope | undefined {
  return storage.getStore();
}

/**
 * Runs fn in the scope. A thenable result is started inside the scope: Prisma's promises are
 * lazy (they query only when awaited), so `runAsTenant(id, () => db().x.findMany())` would
 * otherwise run the query after the scope has ended.
 */
function runInScope<T>(scope: TenantScope, fn: () => T): T {
  return storage.run(scope, () => {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      const thenable = result as unknown as PromiseLike<unknown>;
      return new Promise((resolve, reject) => thenable.then(resolve, reject)) as T;
    }
    return result;
  });
}

/** Runs fn (and everything it starts asynchronously) as the given organization. */
export function runAsTenant<T>(organizationId: string | null, fn: () => PromiseLike<T>): Promise<T>;
export function runAsTenant<T>(organizationId: string | null, fn: () => T): T;
export function runAsTenant<T>(organizationId: string | null, fn: () => T): T {
  return runInScope({ organizationId, bypass: false }, fn);
}

/**
 * Runs fn with row-level security bypassed: for the few system paths that must read or write
 * across tenants. Every use is logged with its reason, at debug level (a first sign-in creating
 * its rows uses it; the per-request session lookup bypasses inside its SQL function instead);
 * rarer paths such as webhooks are logged at info by setTenantInTransaction.
 */
export function runWithRlsBypass<T>(reason: string, fn: () => PromiseLike<T>): Promise<T>;
export function runWithRlsBypass<T>(reason: string, fn: () => T): T;
export function runWithRlsBypass<T>(reason: string, fn: () => T): T {
  logger.debug({ reason }, 'row-level security bypassed');
  return runInScope({ organizationId: null, bypass: true }, fn);
}

type RawClient = Pick<PrismaClient, '$queryRaw'> | Pick<Prisma.TransactionClient, '$queryRaw'>;

/** The settings, as the read it is ($queryRaw: the replica's write tracking counts it as none). */
function setConfig(client: RawClient, scope: TenantScope) {
  return client.$queryRaw`SELECT set_config('app.organization_id', ${scope.organizationId ?? ''}, true), set_config('app.rls_bypass', ${scope.bypass ? 'on' : 'off'}, true)`;
}

/**
 * `fn`, bound to the scope active now: it runs in that scope (or in none) wherever it is called
 * later. For wrappers that start an operation lazily, so it keeps the scope of its call.
 */
export function inCallersScope<T>(fn: () => T): () => T {
  const scope = storage.getStore();
  return () => (scope ? storage.run(scope, fn) : storage.exit(fn));
}

/**
 * Sets the scope for the rest of an interactive transaction. Call it first thing inside
 * `db().$transaction(async (tx) => ...)`: withTenantScope below does not wrap the queries of an
 * interactive transaction (it cannot nest a transaction in it). With `bypass: true`, give a
 * `reason`: it is logged like runWithRlsBypass.
 */
export async function setTenantInTransaction(
  tx: Pick<Prisma.TransactionClient, '$queryRaw'>,
  scope: { organizationId?: string | null; bypass?: boolean; reason?: string },
): Promise<void> {
  const resolved: TenantScope = { organizationId: scope.organizationId ?? null, bypass: scope.bypass ?? false };
  if (resolved.bypass) logger.info({ reason: scope.reason ?? 'transaction' }, 'row-level security bypassed');
  await setConfig(tx, resolved);
}

/** Client members that run SQL of their own (model operations are the delegates' methods). */
const RAW_OPERATIONS = new Set(['$queryRaw', '$queryRawUnsafe', '$queryRawTyped', '$executeRaw', '$executeRawUnsafe']);

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The client db() hands out: while a scope is active, every operation (model operations and raw
 * queries) runs as a batch transaction `[set_config(...), the operation]`, so the settings are
 * transaction-local and never leak to the next user of the pooled connection. Without a scope it
 * does nothing: on the runtime role that means tenant rows are invisible (fails closed).
 *
 * A proxy, not a Prisma client extension: any extension makes Prisma walk every result row by row
 * for computed fields (its result-extension visitor runs when the client has extensions of any
 * kind), which cost about 3 ms per nested campaign request. The scope is the one active when the
 * operation is called. The client an interactive `$transaction` hands its callback is Prisma's
 * own, so its queries run as they are, in the settings the callback sets first
 * (setTenantInTransaction); an `$extends`ed client is wrapped again. A batch
 * `$transaction([...])` of this client's operations works only outside a scope (inside one they
 * are not Prisma's promises): use an interactive transaction with setTenantInTransaction.
 */
export function withTenantScope<C extends object>(client: C): C {
  const base = client as unknown as PrismaClient;
  const delegates = new Map<string, object>();
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof property !== 'string') return value;
      if (RAW_OPERATIONS.has(property) && typeof value === 'function') {
        return (...args: unknown[]) => inScope(base, () => (value as AnyFunction).apply(target, args));
      }
      if (property === '$extends') {
        return (...args: unknown[]) => withTenantScope((value as AnyFunction).apply(target, args) as object);
      }
      // Bound to the client itself: $transaction builds the client it hands an interactive
      // transaction's callback from `this`, which must not be this proxy.
      if (typeof value === 'function') return (value as AnyFunction).bind(target);
      if (property.startsWith('$') || property.startsWith('_') || value === null || typeof value !== 'object') return value;
      // A model delegate (campaignWizard, user, ...): each of its methods is an operation.
      let delegate = delegates.get(property);
      if (!delegate) {
        const model = value;
        delegate = new Proxy(model, {
          get(modelTarget, operation) {
            const member = Reflect.get(modelTarget, operation) as unknown;
            if (typeof member !== 'function' || typeof operation !== 'string') return member;
            return (...args: unknown[]) => inScope(base, () => (member as AnyFunction).apply(modelTarget, args));
          },
        });
        delegates.set(property, delegate);
      }
      return delegate;
    },
  });
}

/**
 * `operation()` in the scope active when it is called. Outside a scope, or in one that needs no
 * settings, Prisma's own promise as it is. In a scope, a lazy thenable, like Prisma's promises:
 * nothing runs until it is awaited (runInScope awaits inside the scope).
 */
function inScope(base: PrismaClient, operation: () => unknown): unknown {
  const scope = storage.getStore();
  // No tenant and no bypass: the settings would be '' and 'off', which is what an unset setting
  // already means to the policies (NULL: nothing matches, no bypass; nothing here ever sets them
  // for a whole session), so the query runs as is: public reads such as the marketplace search
  // save the BEGIN, set_config and COMMIT round trips.
  if (!scope || (scope.organizationId === null && !scope.bypass)) return operation();
  return lazyPromise('TenantScopedOperation', () =>
    base.$transaction([setConfig(base, scope), operation() as Prisma.PrismaPromise<unknown>]).then(([, result]) => result),
  );
}
