import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder';
import { ForbiddenError, ValidationError, type FieldIssue } from '../../lib/errors';
import { importInsightIQProfiles, MAX_IMPORT_BATCH, type ImportBatchResult, type ImportItemResult } from './insightiq.import';

// The admin import of InsightIQ creator profiles (insightiq.import.ts holds every rule).

builder.mutationType({ description: 'Writes. Expected failures are typed results (`... on Error`).' });

const ImportStatusEnum = builder.enumType('InsightIQImportStatus', {
  values: {
    CREATED: { description: 'A new marketplace creator.' },
    UPDATED: { description: 'An existing creator (matched by external id or username) was refreshed.' },
    FAILED: { description: 'Nothing stored for this item; see issues.' },
  } as const,
});

const ImportIssue = builder.objectRef<FieldIssue>('InsightIQImportIssue').implement({
  authScopes: { role: 'ADMIN' },
  description: 'What is wrong with an item; path is relative to the item, e.g. ["work_platform", "name"].',
  fields: (t) => ({ path: t.exposeStringList('path'), message: t.exposeString('message') }),
});

const ImportItem = builder.objectRef<ImportItemResult>('InsightIQImportItem').implement({
  authScopes: { role: 'ADMIN' },
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the item in the input, from 0.' }),
    status: t.field({ type: ImportStatusEnum, resolve: (r) => r.status }),
    creatorId: t.id({
      nullable: true,
      description: 'Global MarketplaceInfluencer id; null when FAILED.',
      resolve: (r) => (r.creatorId ? encodeGlobalID('MarketplaceInfluencer', r.creatorId) : null),
    }),
    issues: t.field({ type: [ImportIssue], resolve: (r) => r.issues ?? [] }),
  }),
});

const ImportResult = builder.objectRef<ImportBatchResult>('InsightIQImportResult').implement({
  authScopes: { role: 'ADMIN' },
  fields: (t) => ({
    items: t.field({ type: [ImportItem], resolve: (r) => r.items }),
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    failed: t.exposeInt('failed'),
  }),
});

const ImportInput = builder.inputType('ImportInsightIQProfilesInput', {
  fields: (t) => ({
    profiles: t.field({
      type: ['JSON'],
      required: true,
      description: `InsightIQ creator-profile payloads, 1 to ${MAX_IMPORT_BATCH}.`,
    }),
  }),
});

builder.mutationField('importInsightIQProfiles', (t) =>
  t.field({
    type: ImportResult,
    authScopes: { role: 'ADMIN' },
    description:
      'Upserts InsightIQ creator profiles into the shared marketplace (by external id, else by username, any case). ' +
      'Each item is stored on its own: a malformed one is FAILED by index, the others are stored. ADMIN.',
    errors: {
      types: [ValidationError, ForbiddenError],
      union: { name: 'ImportInsightIQProfilesPayload' },
      result: { name: 'ImportInsightIQProfilesSuccess' },
      dataField: { name: 'result' },
    },
    args: { input: t.arg({ type: ImportInput, required: true }) },
    resolve: (_root, { input }, ctx) => importInsightIQProfiles(ctx.viewer, { profiles: input.profiles as unknown[] }),
  }),
);
