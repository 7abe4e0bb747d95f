import { isDeepStrictEqual } from 'node:util';
import type { AuditAction, AuditTargetType, Prisma } from '../../generated/prisma/client.ts';
import type { Viewer } from '../../lib/auth/viewer';
import { db } from '../../lib/db/client';
import { ValidationError, type FieldIssue } from '../../lib/errors';
import { requireRole, tenantWhere, type TenantViewer } from '../../lib/tenancy';
import { isUuid } from '../common/ids';
import type { CommandMeta } from '../common/service';

// ---------------------------------------------------------------- writing

/** db() or a transaction client: audit rows are written in the transaction of the change they record. */
export type AuditClient = Pick<Prisma.TransactionClient, 'auditLog'>;

type Snapshot = Record<string, unknown>;
type JsonObject = Record<string, Prisma.InputJsonValue | null>;

export interface AuditEntry {
  organizationId: string;
  /** Internal User.id; null for system actions (webhooks, jobs). */
  actorId: string | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  /** The record before the change (full object or the fields that matter); omit on create. */
  before?: Snapshot | null;
  /** The record after the change; omit on delete. */
  after?: Snapshot | null;
  requestId?: string | null;
  /**
   * 'changed' (default): given both snapshots, keep only the fields that differ. 'all': keep both
   * as given, for tiny states that read better whole (a membership's role and status).
   */
  keep?: 'changed' | 'all';
}

/** Bookkeeping columns that change on every write and say nothing about the edit. */
const IGNORED_FIELDS = new Set(['updatedAt']);

/** JSON as PostgreSQL will store it: Dates as ISO strings, Decimals and bigints as strings. */
function toJson(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as
    | Prisma.InputJsonValue
    | null;
}

/**
 * The fields whose values differ between two snapshots, compared as they would be stored (so a
 * Date and its ISO string, or two equal Decimals, are the same). A field present on one side only
 * counts as null on the other. `updatedAt` is ignored.
 */
export function changedFields(before: Snapshot, after: Snapshot): { before: JsonObject; after: JsonObject } {
  const diff = { before: {} as JsonObject, after: {} as JsonObject };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (IGNORED_FIELDS.has(key)) continue;
    const was = toJson(before[key]);
    const is = toJson(after[key]);
    if (isDeepStrictEqual(was, is)) continue;
    diff.before[key] = was;
    diff.after[key] = is;
  }
  return diff;
}

function jsonColumn(value: Prisma.InputJsonValue | null | undefined): Prisma.InputJsonValue | undefined {
  // Prisma writes SQL NULL for an omitted Json? column; a JSON null would be a different value.
  return value === null || value === undefined ? undefined : value;
}

/** Who and where of an entry written on a viewer's behalf: `recordAudit(tx, { ...auditedBy(viewer, meta), action, ... })`. */
export function auditedBy(viewer: TenantViewer, meta: CommandMeta = {}) {
  return { organizationId: viewer.organizationId, actorId: viewer.userId, requestId: meta.requestId ?? null };
}

/**
 * Appends one audit row (the table is append-only: a trigger refuses updates). Given both a
 * before and an after snapshot, only the changed fields are kept; given one side only (create,
 * delete), or with `keep: 'all'`, snapshots are stored whole. A no-op edit is still recorded, with empty objects: callers
 * that want to skip no-ops check `changedFields` first.
 */
export function recordAudit(client: AuditClient, entry: AuditEntry) {
  const { before, after } =
    entry.before && entry.after && entry.keep !== 'all'
      ? changedFields(entry.before, entry.after)
      : { before: entry.before ? toJson(entry.before) : null, after: entry.after ? toJson(entry.after) : null };
  return client.auditLog.create({
    data: {
      organizationId: entry.organizationId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: jsonColumn(before),
      after: jsonColumn(after),
      requestId: entry.requestId ?? null,
    },
    select: { id: true },
  });
}

// ---------------------------------------------------------------- reading

export interface AuditFilter {
  actions?: AuditAction[] | null;
  targetType?: AuditTargetType | null;
  /** Internal id of the target row. */
  targetId?: string | null;
  /** Internal User.id of the actor. */
  actorId?: string | null;
  /** createdAt >= from (inclusive). */
  from?: Date | null;
  /** createdAt <= to (inclusive). */
  to?: Date | null;
}

type Query = Omit<Prisma.AuditLogFindManyArgs, 'where' | 'orderBy'>;


/** Throws ValidationError naming each invalid filter field (paths start at `filter`). */
export function validateAuditFilter(filter: AuditFilter): void {
  const issues: FieldIssue[] = [];
  if (filter.from && filter.to && filter.from > filter.to) {
    issues.push({ path: ['filter', 'to'], message: '`to` must not be before `from`' });
  }
  if (filter.targetId && !isUuid(filter.targetId)) {
    issues.push({ path: ['filter', 'targetId'], message: 'must be a UUID' });
  }
  if (filter.actorId && !isUuid(filter.actorId)) {
    issues.push({ path: ['filter', 'actorId'], message: 'must be a User id' });
  }
  if (issues.length) throw new ValidationError('Invalid audit log filter', issues);
}

/** Admins read their own organization's log only: the role check and the tenant filter are here, not in GraphQL. */
function whereOf(viewer: Viewer | null, filter: AuditFilter): Prisma.AuditLogWhereInput {
  requireRole(viewer, 'ADMIN');
  validateAuditFilter(filter);
  const createdAt = filter.from || filter.to ? { gte: filter.from ?? undefined, lte: filter.to ?? undefined } : undefined;
  return {
    ...tenantWhere(viewer),
    ...(filter.actions?.length ? { action: { in: filter.actions } } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}

/** Newest first; entries of the same millisecond break the tie on id, so cursors are stable. */
export function listAuditEntries(query: Query, viewer: Viewer | null, filter: AuditFilter) {
  return db().auditLog.findMany({
    ...query,
    where: whereOf(viewer, filter),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

export function countAuditEntries(viewer: Viewer | null, filter: AuditFilter) {
  return db().auditLog.count({ where: whereOf(viewer, filter) });
}
