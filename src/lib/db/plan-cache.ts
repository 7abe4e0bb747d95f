// The Wasm compiler's JavaScript side, as the generated client loads it (internal/class.ts,
// compilerWasm.getRuntime): one module instance, so its class is the one the client uses.
// @ts-expect-error -- the runtime ships no types for it
import { QueryCompiler } from '@prisma/client/runtime/query_compiler_bg.postgresql.mjs';

/**
 * Prisma's query plans, cached by the shape of the query.
 *
 * With `engineType = "client"`, Prisma 6 compiles every operation into a query plan (the SQL and
 * how to map its rows) in a Wasm module on the main thread, about a millisecond for the nested
 * campaign query, and compiles again on every call: the values of the query are written into its
 * plan, so no plan can be reused. Prisma 7.4 caches plans by shape; Prisma 7 cannot run here
 * (README, Prisma). This does the same for 6.19, from the outside: the compiler accepts
 * placeholders (`{"$type": "Param"}`) where a query has values, and leaves them in the plan.
 *
 * For a read (findMany, findFirst, findUnique and their OrThrow forms), every string or boolean
 * a `where` or `cursor` compares a field with (`{ organizationId: '…' }`, `{ isActive: true }`)
 * becomes a placeholder; the query with placeholders is the cache key, and its plan, compiled
 * once, serves every later query of that shape: the values are written into a copy of it. A shape
 * is cached only when that is provably the same as compiling the query itself: the first time a
 * shape is seen, both are compiled and must be equal, and every placeholder must have landed as a
 * SQL parameter of type string (text or uuid) or boolean. Each later use checks its values against
 * those parameters' types (a uuid must be a canonical uuid), and compiles the query itself when one
 * does not fit, so a malformed id gets Prisma's own error, as without the cache. Queries with value
 * lists (`in`, `notIn`, …), writes and batches are compiled as before.
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (type.dbType === 'UUID') return typeof value === 'string' && UUID.test(value) ? null : 'value';
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

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** A shape whose plan is not the query's own plan with values written in: compile each query. */
const UNCACHEABLE = Symbol('uncacheable');

export interface PlanCacheStats {
  /** Queries answered from a cached plan. */
  hits: number;
  /** New shapes: compiled twice, once, to decide whether they can be cached. */
  misses: number;
  /** Reads compiled as before: value lists, uncacheable shapes, values that do not fit. */
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

  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

class PlanCache {
  /** Shape (the query with placeholders) -> its plan, or UNCACHEABLE. */
  private readonly plans: Lru<unknown>;
  /** Transaction batch signature -> whether its plan is each query's own plan (see compileBatch). */
  private readonly batches: Lru<boolean>;

  constructor(
    readonly capacity: number,
    private readonly compileQuery: Compile,
    private readonly compileBatchQuery: Compile,
  ) {
    this.plans = new Lru(capacity);
    this.batches = new Lru(capacity);
  }

  compile(json: string): unknown {
    return this.compileParsed(JSON.parse(json) as JsonObject, json);
  }

  private compileParsed(request: JsonObject, json?: string): unknown {
    const parameterized = parameterize(request);
    if (!parameterized) return this.compileQuery(json ?? JSON.stringify(request)); // a write, raw SQL, a value list
    const key = JSON.stringify(parameterized.shape);
    const cached = this.plans.get(key);
    if (cached !== undefined && cached !== UNCACHEABLE) {
      const plan = instantiate(cached, parameterized.values);
      if (!(plan instanceof Misfit)) {
        stats.hits += 1;
        return plan;
      }
    }
    const own = this.compileQuery(json ?? JSON.stringify(request));
    if (cached !== undefined) {
      stats.bypassed += 1;
      return own;
    }
    // First sight of the shape: the query's own plan answers (its errors included), and decides
    // whether the shape's plan may stand in for the query's own from now on.
    stats.misses += 1;
    let template: unknown;
    try {
      template = this.compileQuery(key);
    } catch {
      template = UNCACHEABLE;
    }
    if (template !== UNCACHEABLE) {
      const check = instantiate(template, parameterized.values);
      // A value that does not fit says nothing about the shape: the next query decides.
      if (check instanceof Misfit && check.kind === 'value') return own;
      if (check instanceof Misfit || !deepEqual(check, own)) template = UNCACHEABLE;
    }
    this.plans.set(key, template);
    return own;
  }

  /**
   * A batch `$transaction([...])` (the tenant scope runs every operation as one: set_config, then
   * the operation) compiles to one plan per query. When its queries are cacheable reads and raw
   * SQL, and the batch compiler gave, for the first batch of this signature, exactly the plans
   * each query compiles to alone, later batches of the signature are answered query by query
   * (reads from the cache). Other batches (findUnique batching, writes) compile as before.
   */
  compileBatch(json: string): unknown {
    const request = JSON.parse(json) as JsonObject;
    const batch = request.batch;
    if (!isObject(request.transaction) || !Array.isArray(batch) || batch.length === 0) return this.compileBatchQuery(json);
    const parts: unknown[] = [];
    for (const query of batch as JsonObject[]) {
      if (query.action === 'queryRaw' || query.action === 'executeRaw') {
        const args = isObject(query.query) && isObject(query.query.arguments) ? query.query.arguments : {};
        parts.push({ action: query.action, sql: args.query }); // the SQL, not its parameters
      } else {
        const parameterized = isObject(query) ? parameterize(query) : null;
        if (!parameterized) return this.compileBatchQuery(json);
        parts.push(parameterized.shape);
      }
    }
    const signature = JSON.stringify({ transaction: request.transaction, batch: parts });
    const known = this.batches.get(signature);
    if (known === true) return { type: 'multi', plans: (batch as JsonObject[]).map((query) => this.compileParsed(query)) };
    const own = this.compileBatchQuery(json);
    if (known === undefined) {
      const each = (batch as JsonObject[]).map((query) => this.compileParsed(query));
      this.batches.set(signature, deepEqual(own, { type: 'multi', plans: each }));
    }
    return own;
  }
}

interface Compiler {
  compile(request: string): unknown;
  compileBatch(request: string): unknown;
}

const caches = new WeakMap<Compiler, PlanCache>();
let capacity = 0;
let installed = false;

/**
 * Turns the cache on for every query compiler of the process, holding up to `size` shapes per
 * compiler (each PrismaClient has its own); 0 turns it off. Idempotent.
 */
export function installPlanCache(size: number): void {
  capacity = size;
  if (installed) return;
  installed = true;
  const prototype = QueryCompiler.prototype as Compiler;
  const compile = prototype.compile;
  const compileBatch = prototype.compileBatch;
  const cacheOf = (compiler: Compiler): PlanCache => {
    let cache = caches.get(compiler);
    if (!cache || cache.capacity !== capacity) {
      cache = new PlanCache(capacity, (request) => compile.call(compiler, request), (request) => compileBatch.call(compiler, request));
      caches.set(compiler, cache);
    }
    return cache;
  };
  prototype.compile = function cachedCompile(this: Compiler, request: string): unknown {
    return capacity === 0 ? compile.call(this, request) : cacheOf(this).compile(request);
  };
  prototype.compileBatch = function cachedCompileBatch(this: Compiler, request: string): unknown {
    return capacity === 0 ? compileBatch.call(this, request) : cacheOf(this).compileBatch(request);
  };
}

/** The counters so far, of every compiler's cache together (tests, diagnostics). */
export function planCacheStats(): PlanCacheStats {
  return { ...stats };
}
