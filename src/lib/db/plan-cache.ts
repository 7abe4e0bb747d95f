// The Wasm compiler's JavaScript side, as the generated client loads it (internal/class.ts,
// compilerWasm.getRuntime): one module instance, so its class is the one the client uses.
// @ts-expect-error -- the runtime ships no types for it
import { QueryCompiler } from '@prisma/client/runtime/query_compiler_bg.postgresql.mjs';
import { isDeepStrictEqual } from 'node:util';
import { Prisma } from '../../generated/prisma/client.ts';
import { isUuid } from '../../modules/common/ids';
import { logger } from '../logger';

/** The Prisma versions whose plan format this was written against and checked with. */
const SUPPORTED_PRISMA = /^6\.19\./;

/**
 * Prisma's query plans, cached by the shape of the query.
 *
 * With `engineType = "client"`, Prisma 6 compiles every operation into a query plan (the SQL and
 * how to map its rows) in a Wasm module on the main thread, about a millisecond for the nested
 * campaign query, and compiles again on every call: the values of the query are written into its
 * plan, so no plan can be reused. Prisma 7.4 caches plans by shape; Prisma 7 cannot run here
 * (README, "Prisma without Prisma's binary host"). This does the same for 6.19, from the outside: the compiler accepts
 * placeholders (`{"$type": "Param"}`) where a query has values, and leaves them in the plan.
 *
 * For a read (findMany, findFirst, findUnique and their OrThrow forms), every string or boolean
 * a `where` or `cursor` compares a field with (`{ organizationId: '…' }`, `{ isActive: true }`)
 * becomes a placeholder; the query with placeholders is the cache key, and its plan serves every
 * later query of that shape: the values are written into a copy of it. A shape's first query is
 * compiled as without the cache (one-off shapes, such as a search term written into a `contains`,
 * cost nothing extra); its second is compiled both ways, and the shape is cached only when that is
 * the same as compiling the query itself: the plans must be equal, and every placeholder must have
 * landed as a SQL parameter of type text, uuid or boolean. Each later query checks its values
 * against those parameters' types (a uuid must be a canonical uuid) and is compiled by Prisma when
 * one does not fit, so a malformed id gets Prisma's own answer, as without the cache. Queries with
 * value lists (`in`, `notIn`, …), writes, enum filters and findUnique batches compile as before.
 * Raw SQL whose parameters are all strings (set_config, the session lookup) is cached by its text.
 * A review probed ~600 queries (every filter kind, cursors, distinct, relation filters, batches)
 * for any difference from Prisma's own plans and results, and found none; the test suite runs
 * with `verifyHits`, which compares every cached plan it uses with Prisma's own.
 */

/** Filter keywords of Prisma's where input: their values are not compared with a field as they are. */
const FILTER_KEYWORDS = new Set([
  'equals', 'not', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'endsWith',
  'search', 'mode', 'has', 'hasEvery', 'hasSome', 'isEmpty', 'isSet', 'path', 'string_contains',
  'string_starts_with', 'string_ends_with', 'array_contains', 'array_starts_with', 'array_ends_with',
]);
/** Keys whose value is a where input (or a list of them). */
const NESTED_WHERE = new Set(['AND', 'OR', 'NOT', 'some', 'every', 'none', 'is', 'isNot']);
const READS = new Set(['findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow']);

type JsonObject = { [key: string]: unknown };
type Value = string | boolean;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The query with its compared values replaced by placeholders p0, p1, …, or null: not cacheable. */
export function parameterize(request: JsonObject): { shape: JsonObject; values: Value[] } | null {
  if (typeof request.action !== 'string' || !READS.has(request.action) || !isObject(request.query)) return null;
  const values: Value[] = [];
  let cacheable = true;
  const placeholder = (value: Value) => ({ $type: 'Param', value: `p${values.push(value) - 1}` });

  const where = (input: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(input)) {
      if (NESTED_WHERE.has(key)) {
        if (Array.isArray(value)) out[key] = value.map((item) => (isObject(item) ? where(item) : item));
        else out[key] = isObject(value) ? where(value) : value;
      } else if (FILTER_KEYWORDS.has(key)) {
        // A value list (in, notIn, hasSome, …) would make every list its own shape.
        if (Array.isArray(value)) cacheable = false;
        out[key] = value;
      } else if (typeof value === 'string' || typeof value === 'boolean') {
        out[key] = placeholder(value);
      } else if (isObject(value) && !('$type' in value)) {
        out[key] = where(value); // a field's filter, or a to-one relation's where
      } else {
        if (Array.isArray(value)) cacheable = false;
        out[key] = value;
      }
    }
    return out;
  };

  const selection = (node: JsonObject): JsonObject => {
    const out: JsonObject = { ...node };
    if (isObject(node.arguments)) {
      const args: JsonObject = { ...node.arguments };
      if (isObject(args.where)) args.where = where(args.where);
      if (isObject(args.cursor)) args.cursor = where(args.cursor);
      out.arguments = args;
    }
    if (isObject(node.selection)) {
      const fields: JsonObject = {};
      for (const [key, value] of Object.entries(node.selection)) fields[key] = isObject(value) ? selection(value) : value;
      out.selection = fields;
    }
    return out;
  };

  const shape = { ...request, query: selection(request.query) };
  return cacheable ? { shape, values } : null;
}

interface ParamNode {
  prisma__type: 'param';
  prisma__value: { name: string };
}
const isParam = (value: unknown): value is ParamNode =>
  isObject(value) && value.prisma__type === 'param' && isObject(value.prisma__value);

interface ArgType {
  scalarType?: string;
  dbType?: string | null;
  arity?: string;
}

/**
 * Whether a value may stand in a SQL parameter of this type without the compiler's own checks:
 * 'type' when no value may (a parameter type the cache does not handle: the shape is not cached),
 * 'value' when this one may not (the query is compiled itself, and gets the compiler's answer).
 */
function misfit(value: Value, type: ArgType | undefined): 'type' | 'value' | null {
  if (!type || type.arity !== 'scalar') return 'type';
  if (type.scalarType === 'boolean') return typeof value === 'boolean' ? null : 'value';
  if (type.scalarType !== 'string') return 'type';
  if (type.dbType === 'UUID') return typeof value === 'string' && isUuid(value) ? null : 'value';
  if (type.dbType !== null && type.dbType !== undefined && type.dbType !== 'TEXT') return 'type';
  return typeof value === 'string' ? null : 'value';
}

class Misfit {
  constructor(readonly kind: 'type' | 'value') {}
}

/**
 * A copy of the plan with each placeholder replaced by its value, or a Misfit: a placeholder
 * anywhere but a SQL parameter ('type'), or a value that does not fit its parameter (misfit).
 */
function instantiate(plan: unknown, values: Value[]): unknown {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (!isObject(node)) return node;
    if (isParam(node)) throw new Misfit('type');
    const out: JsonObject = {};
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (key === 'args' && Array.isArray(value) && Array.isArray(node.argTypes)) {
        const types = node.argTypes as ArgType[];
        out.args = value.map((arg, index) => {
          if (!isParam(arg)) return copy(arg);
          const match = /^p(\d+)$/.exec(arg.prisma__value.name);
          const bound = match ? values[Number(match[1])] : undefined;
          if (bound === undefined) throw new Misfit('type');
          const kind = misfit(bound, types[index]);
          if (kind) throw new Misfit(kind);
          return bound;
        });
      } else {
        out[key] = copy(value);
      }
    }
    return out;
  };
  try {
    return copy(plan);
  } catch (error) {
    if (error instanceof Misfit) return error;
    throw error;
  }
}

/** Whether a raw SQL plan passes exactly these strings, typed as strings, as its parameters. */
function rawArgsOf(plan: unknown, values: string[]): boolean {
  if (!isObject(plan) || plan.type !== 'query' || !isObject(plan.args) || plan.args.type !== 'rawSql') return false;
  const { args, argTypes } = plan.args;
  return (
    Array.isArray(args) &&
    Array.isArray(argTypes) &&
    isDeepStrictEqual(args, values) &&
    argTypes.length === values.length &&
    argTypes.every((type) => isObject(type) && type.arity === 'scalar' && type.scalarType === 'string' && type.dbType == null)
  );
}

/** A copy of a raw SQL plan (checked with rawArgsOf) with other strings as its parameters. */
function withRawArgs(plan: unknown, values: string[]): unknown {
  const query = plan as JsonObject & { args: JsonObject & { argTypes: unknown[] } };
  return { ...query, args: { ...query.args, args: [...values], argTypes: query.args.argTypes.map((type) => ({ ...(type as JsonObject) })) } };
}

const isRaw = (request: JsonObject) => request.action === 'queryRaw' || request.action === 'executeRaw';

/** A read's parameterization and its cache key (the query with placeholders, as JSON). */
interface Keyed {
  parameterized: { shape: JsonObject; values: Value[] };
  key: string;
}
function keyed(request: JsonObject): Keyed | null {
  const parameterized = parameterize(request);
  return parameterized && { parameterized, key: JSON.stringify(parameterized.shape) };
}

/** A shape whose plan is not the query's own plan with values written in: compile each query. */
const UNCACHEABLE = Symbol('uncacheable');

/** A shape's plan, and whether it has been checked against a query's own plan yet. */
interface Template {
  plan: unknown;
  checked: boolean;
}
type Entry = typeof UNCACHEABLE | Template;

export interface PlanCacheStats {
  /** Queries answered from a cached plan. */
  hits: number;
  /** Queries of shapes with no checked plan yet: compiled by Prisma (a shape's second one also makes its plan). */
  misses: number;
  /** Reads compiled as before although their shape is known: uncacheable shapes, values that do not fit. */
  bypassed: number;
}

/** Process-wide counters, over every compiler's cache. */
const stats: PlanCacheStats = { hits: 0, misses: 0, bypassed: 0 };

type Compile = (request: string) => unknown;

/** A bounded map, least recently used out first. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** A cached plan and Prisma's own plan of a query disagree (verifyHits): the cache is wrong. */
export class PlanCacheMismatch extends Error {
  override name = 'PlanCacheMismatch';
}

export interface PlanCacheOptions {
  /**
   * Also compile every query answered from the cache and throw PlanCacheMismatch when the plans
   * differ: for the test suite, so every query it runs checks the cache (and a Prisma upgrade
   * that changes its plans fails loudly). Doubles the compile work: never in production.
   */
  verifyHits?: boolean;
}

class PlanCache {
  /** Shape (the query with placeholders) -> its plan, or UNCACHEABLE. */
  private readonly plans: Lru<Entry>;
  /**
   * Shapes seen once and not since, kept apart from the plans so that one-off shapes (a search
   * term or a date range written into a filter the cache leaves as it is) never push a plan out.
   */
  private readonly seenOnce: Lru<true>;
  /** Transaction batch signature -> whether its plan is each query's own plan (compileBatch). */
  private readonly batches: Lru<boolean>;
  /** Batch signatures seen once and not since (apart, as seenOnce). */
  private readonly batchesSeenOnce: Lru<true>;

  constructor(
    readonly generation: number,
    capacity: number,
    private readonly options: PlanCacheOptions,
    private readonly compileQuery: Compile,
    private readonly compileBatchQuery: Compile,
  ) {
    this.plans = new Lru(capacity);
    this.seenOnce = new Lru(capacity);
    this.batches = new Lru(capacity);
    this.batchesSeenOnce = new Lru(capacity);
  }

  compile(json: string): unknown {
    const request = JSON.parse(json) as JsonObject;
    return this.compileParsed(request, json, false, isRaw(request) ? undefined : keyed(request));
  }

  /**
   * `json` is the request as Prisma serialized it, when there is one (a batch's queries have none);
   * `read`, its parameterization and key when it is a read (null: not cacheable; undefined: raw SQL). `seenBefore`: the
   * caller knows the shape has come before (a batch signature seen twice).
   */
  private compileParsed(request: JsonObject, json: string | undefined, seenBefore: boolean, read: Keyed | null | undefined): unknown {
    const own = () => this.compileQuery(json ?? JSON.stringify(request));
    if (read === undefined) return this.compileRaw(request, own, seenBefore);
    if (read === null) return own(); // a write, a value list
    const { parameterized, key } = read;
    const entry = this.plans.get(key);
    if (entry === UNCACHEABLE) {
      stats.bypassed += 1;
      return own();
    }
    if (entry !== undefined) {
      const plan = instantiate(entry.plan, parameterized.values);
      if (plan instanceof Misfit) {
        if (plan.kind === 'type') this.plans.set(key, UNCACHEABLE);
        stats.bypassed += 1;
        return own(); // a value the plan cannot take: Prisma's own answer
      }
      if (entry.checked) return this.hit(plan, own, key);
      // A plan not yet checked (its second query had a value that did not fit): check it now.
      stats.misses += 1;
      const compiled = own();
      if (isDeepStrictEqual(plan, compiled)) entry.checked = true;
      else this.plans.set(key, UNCACHEABLE);
      return compiled;
    }
    if (this.firstSight(key, seenBefore)) return own();
    // The shape's second query: Prisma's own plan answers it (errors included), and decides
    // whether the shape's plan may stand in for the query's own from now on.
    const compiled = own();
    let template: unknown;
    try {
      template = this.compileQuery(key);
    } catch {
      this.plans.set(key, UNCACHEABLE);
      return compiled;
    }
    const check = instantiate(template, parameterized.values);
    if (check instanceof Misfit) {
      // A value that does not fit says nothing about the shape: the next query checks the plan.
      this.plans.set(key, check.kind === 'value' ? { plan: template, checked: false } : UNCACHEABLE);
    } else {
      this.plans.set(key, isDeepStrictEqual(check, compiled) ? { plan: template, checked: true } : UNCACHEABLE);
    }
    return compiled;
  }

  /** A checked plan's answer: the plan, or with verifyHits, Prisma's own once the two are compared. */
  private hit(plan: unknown, own: () => unknown, key: string): unknown {
    stats.hits += 1;
    if (!this.options.verifyHits) return plan;
    const compiled = own();
    if (!isDeepStrictEqual(plan, compiled)) throw new PlanCacheMismatch(`cached plan differs from Prisma's own for ${key.slice(0, 300)}`);
    return compiled;
  }

  /**
   * Counts a query of a key with no plan yet; true for the key's first (remembered in seenOnce,
   * compiled as without the cache), false when its plan is to be made now.
   */
  private firstSight(key: string, seenBefore: boolean): boolean {
    stats.misses += 1;
    if (!seenBefore && this.seenOnce.get(key) === undefined) {
      this.seenOnce.set(key, true);
      return true;
    }
    this.seenOnce.delete(key);
    return false;
  }

  /**
   * Raw SQL whose parameters are all strings (the tenant scope's set_config, the session lookup):
   * its plan is the SQL with the parameters as they are, so a plan whose parameters were checked
   * to be its query's own strings, typed as strings, serves the same SQL with other strings. The
   * same first-sight rule as for shapes; anything else compiles as before.
   */
  private compileRaw(request: JsonObject, own: () => unknown, seenBefore: boolean): unknown {
    const args = isObject(request.query) && isObject(request.query.arguments) ? request.query.arguments : {};
    let parameters: unknown;
    try {
      parameters = typeof args.parameters === 'string' ? JSON.parse(args.parameters) : undefined;
    } catch {
      return own();
    }
    if (typeof args.query !== 'string' || !Array.isArray(parameters) || !parameters.every((p) => typeof p === 'string')) return own();
    const values = parameters as string[];
    const key = JSON.stringify({ raw: request.action, sql: args.query, parameters: values.length });
    const entry = this.plans.get(key);
    if (entry === UNCACHEABLE) {
      stats.bypassed += 1;
      return own();
    }
    if (entry !== undefined) return this.hit(withRawArgs(entry.plan, values), own, key);
    if (this.firstSight(key, seenBefore)) return own();
    const compiled = own();
    this.plans.set(key, rawArgsOf(compiled, values) ? { plan: compiled, checked: true } : UNCACHEABLE);
    return compiled;
  }

  /**
   * A batch `$transaction([...])` (the tenant scope runs every operation as one: set_config, then
   * the operation) compiles to one plan per query. When its queries are cacheable reads and raw
   * SQL, and the second batch of a signature compiled to exactly the plans its queries compile to
   * alone, later batches of that signature are answered query by query (reads from the cache).
   * Other batches (findUnique batching, writes) compile as before.
   */
  compileBatch(json: string): unknown {
    const request = JSON.parse(json) as JsonObject;
    const batch = request.batch;
    if (!isObject(request.transaction) || !Array.isArray(batch) || batch.length === 0) return this.compileBatchQuery(json);
    const queries = batch as JsonObject[];
    const parts: unknown[] = [];
    const reads: (Keyed | undefined)[] = [];
    for (const query of queries) {
      if (!isObject(query)) return this.compileBatchQuery(json);
      if (isRaw(query)) {
        const args = isObject(query.query) && isObject(query.query.arguments) ? query.query.arguments : {};
        parts.push({ action: query.action, sql: args.query }); // the SQL, not its parameters
        reads.push(undefined);
      } else {
        const read = keyed(query);
        if (!read) return this.compileBatchQuery(json);
        parts.push(read.key);
        reads.push(read);
      }
    }
    const signature = JSON.stringify({ transaction: request.transaction, batch: parts });
    const each = () => queries.map((query, index) => this.compileParsed(query, undefined, true, reads[index]));
    const known = this.batches.get(signature);
    if (known === true) return { type: 'multi', plans: each() };
    const compiled = this.compileBatchQuery(json);
    if (known === undefined) {
      if (this.batchesSeenOnce.get(signature) === undefined) this.batchesSeenOnce.set(signature, true);
      else {
        this.batchesSeenOnce.delete(signature);
        this.batches.set(signature, isDeepStrictEqual(compiled, { type: 'multi', plans: each() }));
      }
    }
    return compiled;
  }
}

interface Compiler {
  compile(request: string): unknown;
  compileBatch(request: string): unknown;
}

const caches = new WeakMap<Compiler, PlanCache>();
let settings: { capacity: number; options: PlanCacheOptions; generation: number } = { capacity: 0, options: {}, generation: 0 };
let installed = false;

/**
 * Turns the cache on for every query compiler of the process, holding up to `size` shapes per
 * compiler (each PrismaClient has its own); 0 turns it off. Each call starts every cache afresh.
 * Only for the Prisma version it was written against (its plans' format): with another, it logs a
 * warning and leaves Prisma alone.
 */
export function installPlanCache(size: number, options: PlanCacheOptions = {}): void {
  if (!SUPPORTED_PRISMA.test(Prisma.prismaVersion.client)) {
    if (size > 0) logger.warn({ prisma: Prisma.prismaVersion.client }, 'query plan cache: written for Prisma 6.19, left off');
    size = 0;
  }
  settings = { capacity: size, options, generation: settings.generation + 1 };
  if (installed || size === 0) return;
  installed = true;
  const prototype = QueryCompiler.prototype as Compiler;
  const compile = prototype.compile;
  const compileBatch = prototype.compileBatch;
  const cacheOf = (compiler: Compiler): PlanCache => {
    let cache = caches.get(compiler);
    if (!cache || cache.generation !== settings.generation) {
      cache = new PlanCache(settings.generation, settings.capacity, settings.options, (request) => compile.call(compiler, request), (request) => compileBatch.call(compiler, request));
      caches.set(compiler, cache);
    }
    return cache;
  };
  prototype.compile = function cachedCompile(this: Compiler, request: string): unknown {
    return settings.capacity === 0 ? compile.call(this, request) : cacheOf(this).compile(request);
  };
  prototype.compileBatch = function cachedCompileBatch(this: Compiler, request: string): unknown {
    return settings.capacity === 0 ? compileBatch.call(this, request) : cacheOf(this).compileBatch(request);
  };
}

/** The counters so far, of every compiler's cache together (tests, diagnostics). */
export function planCacheStats(): PlanCacheStats {
  return { ...stats };
}
