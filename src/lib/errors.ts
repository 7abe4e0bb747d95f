/**
 * Expected failures, reported to clients as typed results through the Pothos errors plugin
 * (`... on Error { message }`). Anything that is not a DomainError stays masked as an unexpected
 * error, so internal details never leak. Services throw these; resolvers never build messages.
 */
export class DomainError extends Error {
  readonly code: string = 'BAD_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  /** Path of the offending input field, e.g. ['input', 'endDate']. */
  path: string[];
  message: string;
}

export class ValidationError extends DomainError {
  override readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  override readonly code = 'NOT_FOUND';
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

export class ConflictError extends DomainError {
  override readonly code = 'CONFLICT';
}

export class ForbiddenError extends DomainError {
  override readonly code = 'FORBIDDEN';
}
