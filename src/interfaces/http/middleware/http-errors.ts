import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '@domain/shared';
import { ConcurrencyError, ServiceUnavailableError } from '@application/shared/errors';

/** The contract's error body. */
export const errorBody = (message: string, statusCode: number) => ({ message, status: 'error', statusCode });

const statusOf = (error: unknown): number => {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConcurrencyError) return 409;
  if (error instanceof ServiceUnavailableError) return 503;
  if (error instanceof DomainError) return 400;
  if (isBodyParserError(error)) return error.status;
  return 500;
};

const isBodyParserError = (error: unknown): error is { status: number; type: string; message: string } =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { type?: unknown }).type === 'string' &&
  typeof (error as { status?: unknown }).status === 'number';

const messageOf = (error: unknown, status: number): string => {
  if (status === 500) return 'Something went wrong. Try again.';
  if (error instanceof ConcurrencyError) return 'The data changed while your request was handled. Try again.';
  if (isBodyParserError(error)) return error.type === 'entity.too.large' ? 'Request body is too large.' : 'Request body is not valid JSON.';
  return (error as Error).message;
};

/** One place maps errors to statuses; unknown errors are logged once and answered 500 without details. */
export const errorHandler =
  (logger: Logger): ErrorRequestHandler =>
  (error, request, response, _next) => {
    const status = statusOf(error);
    // The route's pattern, not the URL: a URL can carry a secret (a reset token).
    if (status === 500) logger.error({ err: error, method: request.method, route: `${request.baseUrl}${request.route?.path ?? ''}` }, 'request failed');
    response.status(status).json(errorBody(messageOf(error, status), status));
  };

export const notFoundHandler: RequestHandler = (request, response) => {
  response.status(404).json(errorBody(`${request.originalUrl} not found`, 404));
};
