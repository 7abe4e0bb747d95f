import { builder } from '../../builder';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../../lib/errors';

// The `Error` interface every typed failure implements, so clients can always select
// `... on Error { message code }` even for error types they do not know yet.
export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure the client can act on.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'Stable machine-readable code, e.g. NOT_FOUND.' }),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid input field.',
  fields: (t) => ({
    path: t.exposeStringList('path'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(DomainError, { name: 'BaseError', interfaces: [ErrorInterface] });
builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (e) => e.issues }) }),
});
builder.objectType(NotFoundError, { name: 'NotFoundError', interfaces: [ErrorInterface] });
builder.objectType(ConflictError, { name: 'ConflictError', interfaces: [ErrorInterface] });
builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] });
