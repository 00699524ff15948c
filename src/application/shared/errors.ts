/** The stream changed since it was read: retried by the command handler where allowed, else HTTP 409. */
export class ConcurrencyError extends Error {
  readonly code = 'concurrency';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Stream ${streamId} was changed concurrently (expected ${expected}, found ${actual}). Try again.`);
    this.name = 'ConcurrencyError';
  }
}

/** An event that does not match its schema: a programming error, never the caller's. */
export class InvalidEventError extends Error {
  constructor(type: string, details: string) {
    super(`Invalid event ${type}: ${details}`);
    this.name = 'InvalidEventError';
  }
}
