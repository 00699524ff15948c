/** A broken business rule. `code` is stable; the HTTP status is chosen by the interface layer. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'validation';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}

/** Content past a size limit (an upload larger than its kind allows); the message names the limit. */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}
